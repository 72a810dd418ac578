import { describe, expect, it, vi } from 'vitest';
import {
	BUNDLED_INDICATOR_SET_REF,
	BUNDLED_TEMPLATE_REF,
	loadDefaultTemplate,
	loadDemoUnits,
	loadIndicatorSet
} from '$lib/domain';
import {
	ensureBundled,
	getIndicatorSet,
	getTemplate,
	getUnit,
	latestTemplates,
	listUnits
} from './catalog';
import { templateKey } from './database';
import { testTemplate, useFreshDatabase } from './test-fixtures';

const database = useFreshDatabase();

describe('ensureBundled', () => {
	it('stores the shipped template, indicator set and demo units', async () => {
		await ensureBundled();
		const { id, version } = BUNDLED_TEMPLATE_REF;
		expect(await getTemplate(id, version)).toEqual(await loadDefaultTemplate());
		const set = BUNDLED_INDICATOR_SET_REF;
		expect(await getIndicatorSet(set.id, set.version)).toEqual(await loadIndicatorSet());
		const units = (await loadDemoUnits()).units;
		expect(await database().units.count()).toBe(units.length);
		const first = units[0];
		expect(first && (await getUnit(first.id))).toEqual(first);
		expect((await listUnits()).map((u) => u.id).sort()).toEqual(units.map((u) => u.id).sort());
	});

	it('can run on every start without duplicating anything', async () => {
		await ensureBundled();
		const counts = async () => [
			await database().templates.count(),
			await database().indicatorSets.count(),
			await database().units.count()
		];
		const once = await counts();
		await ensureBundled();
		expect(await counts()).toEqual(once);
	});

	it('skips all work once this version of the shipped data is stored', async () => {
		await ensureBundled();
		const put = vi.spyOn(database().templates, 'put');
		await ensureBundled();
		expect(put).not.toHaveBeenCalled();
	});

	it('stores the shipped data again when the stamp names an older version', async () => {
		await ensureBundled();
		await database().meta.put({ key: 'bundled', value: 'tthc-mot-cua-so-hoa@0' });
		await database().templates.clear();
		await ensureBundled();
		expect(await database().templates.count()).toBe(1);
	});

	it('leaves units the device already knows alone', async () => {
		await database().units.put({
			id: 'ubnd-phuong-rieng',
			kind: 'ubnd-phuong',
			name: 'UBND phường riêng',
			address: '',
			parentId: null,
			servesUnitIds: [],
			isDemo: false
		});
		await ensureBundled();
		expect((await listUnits()).map((u) => u.id)).toEqual(['ubnd-phuong-rieng']);
	});

	it('keeps templates of other versions that inspections still use', async () => {
		const { id } = BUNDLED_TEMPLATE_REF;
		const old = testTemplate({ id, version: 99 });
		await database().templates.put({ ...old, key: templateKey(id, 99) });
		await ensureBundled();
		expect(await getTemplate(id, 99)).toEqual(old);
	});
});

describe('catalog lookups', () => {
	it('returns templates without the storage key, newest version per id', async () => {
		const v1 = testTemplate();
		const v2 = testTemplate({ version: 2, title: { vi: 'Phiên bản 2' } });
		const other = testTemplate({ id: 'tpl-khac' });
		for (const t of [v2, v1, other]) {
			await database().templates.put({ ...t, key: templateKey(t.id, t.version) });
		}
		expect(await getTemplate('tpl-test', 1)).toEqual(v1);
		expect(await getTemplate('tpl-test', 1)).not.toHaveProperty('key');
		expect(await getTemplate('tpl-test', 3)).toBeUndefined();
		const latest = await latestTemplates();
		expect(latest).toHaveLength(2);
		expect(latest).toEqual(expect.arrayContaining([v2, other]));
	});

	it('is empty before anything is stored', async () => {
		expect(await latestTemplates()).toEqual([]);
		expect(await listUnits()).toEqual([]);
		expect(await getUnit('x')).toBeUndefined();
		expect(await getIndicatorSet('qd-766', 1)).toBeUndefined();
	});
});
