import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnitSchema } from '$lib/domain/unit';
import { pull } from '../sync/pull';
import type { TempDatabase } from '../test-db';
import { assignInspection } from './assign';
import { seededDatabase, userOf } from './fixtures';
import { overview } from './overview';
import { addUnit, changeUnit, deleteUnit, UnitInputSchema } from './units';

let temp: TempDatabase;
beforeEach(async () => (temp = await seededDatabase()));
afterEach(() => temp.remove());

const WARD = {
	kind: 'ubnd-phuong' as const,
	name: 'UBND phường Thử Nghiệm',
	address: 'Số 1 phố Thử, Hà Nội',
	parentId: 'hn'
};

/** What a member's device receives after `cursor`: the units, by id. */
async function pulledUnits(cursor: number) {
	const page = await pull(temp.db, await userOf(temp, 'thanhvien1'), cursor, 1000);
	const units = page.changes.filter((c) => c.entity === 'unit');
	return { cursor: page.cursor, units: new Map(units.map((c) => [c.entityId, c])) };
}

async function assignTo(unitId: string) {
	const o = await overview(temp.db);
	const [delegation] = o.delegations;
	const [template] = o.templates;
	if (!delegation || !template) throw new Error('no demo data');
	await assignInspection(temp.db, await userOf(temp, 'admin'), {
		delegationId: delegation.id,
		unitId,
		templateId: template.id,
		templateVersion: template.version,
		periodFrom: '2025-01-01',
		periodTo: '2025-06-30',
		visitDate: '2025-08-15'
	});
}

describe('units', () => {
	it('adds a unit that devices pull', async () => {
		const { cursor } = await pulledUnits(0);
		const { id } = await addUnit(temp.db, WARD);
		const pulled = (await pulledUnits(cursor)).units.get(id);
		expect(UnitSchema.parse(pulled?.fields['data']?.value)).toEqual({
			...WARD,
			id,
			servesUnitIds: [],
			isDemo: false
		});
	});

	it('edits a unit under a new version, keeping what the form does not show', async () => {
		const { cursor } = await pulledUnits(0);
		await changeUnit(temp.db, 'hbt-bach-dang', {
			kind: 'ubnd-phuong',
			name: 'UBND phường Bạch Đằng (mới)',
			address: 'Số 2 phố Vân Đồn',
			parentId: 'hn-quan-hai-ba-trung'
		});
		const pulled = (await pulledUnits(cursor)).units.get('hbt-bach-dang');
		expect(pulled?.version).toBeGreaterThan(cursor);
		expect(pulled?.fields['data']?.value).toMatchObject({
			name: 'UBND phường Bạch Đằng (mới)',
			address: 'Số 2 phố Vân Đồn',
			validTo: '2025-06-30',
			isDemo: true
		});
		await expect(changeUnit(temp.db, 'nope', WARD)).rejects.toMatchObject({ status: 404 });
	});

	it('refuses a parent that does not exist or would make a loop', async () => {
		await expect(addUnit(temp.db, { ...WARD, parentId: 'nope' })).rejects.toMatchObject({
			status: 404
		});
		await expect(
			changeUnit(temp.db, 'hn', { ...WARD, kind: 'city', parentId: 'hbt-bach-dang' })
		).rejects.toMatchObject({ status: 409, body: { error: 'parent-cycle' } });
	});

	it('deletes an unused unit, which reaches devices as a tombstone', async () => {
		const { id } = await addUnit(temp.db, WARD);
		const { cursor } = await pulledUnits(0);
		await deleteUnit(temp.db, id);
		expect((await overview(temp.db)).units.map((u) => u.id)).not.toContain(id);
		expect((await pulledUnits(cursor)).units.get(id)).toMatchObject({ deleted: true });
		await expect(deleteUnit(temp.db, id)).rejects.toMatchObject({ status: 404 });
	});

	it('refuses with 409 to delete a unit an inspection or another unit refers to', async () => {
		await assignTo('hbt-bach-dang');
		expect((await overview(temp.db)).units.find((u) => u.id === 'hbt-bach-dang')?.inUse).toBe(true);
		await expect(deleteUnit(temp.db, 'hbt-bach-dang')).rejects.toMatchObject({
			status: 409,
			body: { error: 'unit-in-use' }
		});
		await expect(deleteUnit(temp.db, 'hn-quan-hai-ba-trung')).rejects.toMatchObject({
			status: 409,
			body: { error: 'unit-in-use' }
		});
		expect((await overview(temp.db)).units.map((u) => u.id)).toContain('hbt-bach-dang');
	});

	it('NFC-normalises names and refuses unknown fields', () => {
		const nfd = 'UBND phu\u031Bo\u031B\u0300ng'; // "phường" in NFD
		expect(UnitInputSchema.parse({ ...WARD, name: nfd }).name).toBe('UBND phường');
		expect(UnitInputSchema.safeParse({ ...WARD, name: ' ' }).success).toBe(false);
		expect(UnitInputSchema.safeParse({ ...WARD, id: 'x' }).success).toBe(false);
		expect(UnitInputSchema.safeParse({ ...WARD, kind: 'tinh' }).success).toBe(false);
	});
});
