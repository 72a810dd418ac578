import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAnswer, makeFinding, makeInspection } from '$lib/domain/test-factories';
import {
	KiemTraDB,
	SCHEMA_V1,
	SCHEMA_V2,
	SCHEMA_V3,
	inspectionIdOf,
	templateKey
} from './database';
import { testTemplate } from './test-fixtures';

const opened: Dexie[] = [];

afterEach(() => {
	for (const d of opened.splice(0)) d.close();
});

function track<T extends Dexie>(d: T): T {
	opened.push(d);
	return d;
}

const INSPECTION = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
const OTHER = '0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4';
const FINDING = '3a7e1c90-5b2d-4e8f-a1c3-9d0e2f4b6a81';
const AT = '2025-08-15T08:30:00.000Z';

/** Writes a database exactly as the first release left it. */
async function seedV1(name: string): Promise<void> {
	const v1 = new Dexie(name);
	v1.version(1).stores(SCHEMA_V1);
	await v1.open();
	expect(v1.verno).toBe(1);
	await v1.table('inspections').add(makeInspection({ id: INSPECTION }));
	await v1.table('answers').add(makeAnswer('A1', { result: 'fail' }));
	await v1.table('findings').add(makeFinding({ id: FINDING, inspectionId: OTHER }));
	await v1.table('templates').add({ ...testTemplate(), key: templateKey('tpl-test', 1) });
	await v1.table('meta').add({ key: 'deviceId', value: 'dev-old' });
	await v1.table('outbox').bulkAdd([
		{
			mutationId: crypto.randomUUID(),
			entity: 'answer',
			entityId: `${INSPECTION}:A1`,
			op: 'upsert',
			patch: { result: 'fail' },
			at: AT,
			state: 'pending'
		},
		{
			mutationId: crypto.randomUUID(),
			entity: 'inspection',
			entityId: INSPECTION,
			op: 'upsert',
			patch: { status: 'in-progress' },
			at: AT,
			state: 'sending'
		},
		{
			mutationId: crypto.randomUUID(),
			entity: 'finding',
			entityId: FINDING,
			op: 'upsert',
			patch: { inspectionId: OTHER, description: 'Chưa niêm yết' },
			at: AT,
			state: 'pending'
		},
		{
			mutationId: crypto.randomUUID(),
			entity: 'indicatorValues',
			entityId: OTHER,
			op: 'upsert',
			patch: { 'counts.late': 2 },
			at: AT,
			state: 'pending'
		}
	]);
	v1.close();
}

describe('KiemTraDB schema', () => {
	it('only adds to the previous version', () => {
		for (const [table, spec] of Object.entries(SCHEMA_V1)) {
			const v2 = SCHEMA_V2[table as keyof typeof SCHEMA_V2];
			expect(v2.startsWith(spec), table).toBe(true);
		}
		expect(SCHEMA_V2.outbox).toContain('inspectionId');
	});

	it('opens an empty database at the latest version with every table', async () => {
		const d = track(new KiemTraDB(`test-${crypto.randomUUID()}`));
		await d.open();
		expect(d.verno).toBe(3);
		expect(d.tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_V3).sort());
		const indexes = d.outbox.schema.indexes.map((i) => i.name);
		expect(indexes).toContain('inspectionId');
		expect(indexes).toContain('pendingKey');
	});
});

describe('upgrade from version 1', () => {
	it('backfills inspectionId on every outbox row and indexes it', async () => {
		const name = `test-${crypto.randomUUID()}`;
		await seedV1(name);

		const d = track(new KiemTraDB(name));
		await d.open();
		expect(d.verno).toBe(3);

		const rows = await d.outbox.orderBy('seq').toArray();
		expect(rows).toHaveLength(4);
		expect(rows.map((r) => [r.entity, r.inspectionId])).toEqual([
			['answer', INSPECTION],
			['inspection', INSPECTION],
			['finding', OTHER],
			['indicatorValues', OTHER]
		]);
		expect(rows.every((r) => typeof r.inspectionId === 'string' && r.inspectionId !== '')).toBe(
			true
		);

		const forInspection = await d.outbox.where('inspectionId').equals(INSPECTION).toArray();
		expect(forInspection.map((r) => r.entity).sort()).toEqual(['answer', 'inspection']);
		expect(await d.outbox.where('inspectionId').equals(OTHER).count()).toBe(2);

		// The rest of the row is untouched.
		expect(rows[0]).toMatchObject({ op: 'upsert', patch: { result: 'fail' }, state: 'pending' });
		expect(rows[1]).toMatchObject({ state: 'sending', patch: { status: 'in-progress' } });

		// v3: pending rows get the key the write path merges by; a row being sent does not.
		expect(rows.map((r) => r.pendingKey)).toEqual([
			`answer:${INSPECTION}:A1`,
			undefined,
			`finding:${FINDING}`,
			`indicatorValues:${OTHER}`
		]);
		expect(await d.outbox.where('pendingKey').equals(`finding:${FINDING}`).count()).toBe(1);
	});

	it('keeps the data of the other tables', async () => {
		const name = `test-${crypto.randomUUID()}`;
		await seedV1(name);

		const d = track(new KiemTraDB(name));
		expect(await d.inspections.get(INSPECTION)).toEqual(makeInspection({ id: INSPECTION }));
		expect(await d.answers.get(`${INSPECTION}:A1`)).toEqual(makeAnswer('A1', { result: 'fail' }));
		expect(await d.findings.get(FINDING)).toEqual(
			makeFinding({ id: FINDING, inspectionId: OTHER })
		);
		expect(await d.answers.where('inspectionId').equals(INSPECTION).count()).toBe(1);
		expect(await d.templates.get('tpl-test@1')).toMatchObject({ id: 'tpl-test', version: 1 });
		expect(await d.meta.get('deviceId')).toEqual({ key: 'deviceId', value: 'dev-old' });
		expect(await d.outbox.where('state').equals('pending').count()).toBe(3);
		expect(await d.outbox.where('[entity+entityId]').equals(['finding', FINDING]).count()).toBe(1);
	});

	it('lets the latest version reopen its own database without touching it again', async () => {
		const name = `test-${crypto.randomUUID()}`;
		await seedV1(name);
		const first = new KiemTraDB(name);
		await first.outbox.toCollection().modify({ inspectionId: 'kept' });
		first.close();

		const again = track(new KiemTraDB(name));
		expect(await again.outbox.where('inspectionId').equals('kept').count()).toBe(4);
	});
});

describe('inspectionIdOf', () => {
	it('reads inspections and indicator values from their key', () => {
		expect(inspectionIdOf({ entity: 'inspection', entityId: INSPECTION, patch: {} })).toBe(
			INSPECTION
		);
		expect(inspectionIdOf({ entity: 'indicatorValues', entityId: OTHER, patch: {} })).toBe(OTHER);
	});

	it('reads answers from the part of the key before the colon', () => {
		expect(inspectionIdOf({ entity: 'answer', entityId: `${INSPECTION}:A1`, patch: {} })).toBe(
			INSPECTION
		);
	});

	it('reads findings from the patch, or gives the empty string', () => {
		expect(
			inspectionIdOf({ entity: 'finding', entityId: FINDING, patch: { inspectionId: OTHER } })
		).toBe(OTHER);
		expect(inspectionIdOf({ entity: 'finding', entityId: FINDING, patch: {} })).toBe('');
		expect(
			inspectionIdOf({ entity: 'finding', entityId: FINDING, patch: { inspectionId: 7 } })
		).toBe('');
	});
});

describe('templateKey', () => {
	it('keys a template by id and version', () => {
		expect(templateKey('tpl', 3)).toBe('tpl@3');
		expect(templateKey('tpl', 1)).not.toBe(templateKey('tpl', 2));
	});
});
