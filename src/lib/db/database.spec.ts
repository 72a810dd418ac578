import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerFieldSchema } from '$lib/domain';
import { makeAnswer, makeFinding, makeInspection } from '$lib/domain/test-factories';
import * as answers from './answers';
import { useDatabase } from './connection';
import {
	KiemTraDB,
	SCHEMA_V1,
	SCHEMA_V2,
	SCHEMA_V3,
	SCHEMA_V4,
	SCHEMA_V5,
	SCHEMA_V6,
	SCHEMA_V7,
	SCHEMA_V8,
	SCHEMA_V9,
	inspectionIdOf,
	queueKey,
	templateKey
} from './database';
import { countByInspection, countPending, markSending } from './outbox';
import { COUNT, PASS_FAIL, outboxFor, testTemplate } from './test-fixtures';

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
const SENT_MUTATION = '9e8d7c6b-5a49-4382-9170-a1b2c3d4e5f6';

const A1 = makeAnswer('A1', { result: 'fail' });
const A2 = makeAnswer('A2', {
	value: 3,
	note: 'Thiếu sổ theo dõi',
	answeredAt: '2025-08-15T09:00:00.000Z',
	answeredBy: 'Trần Thị Bình',
	deviceId: 'device-2'
});

/** Writes a database exactly as the first release left it; gives back its outbox rows. */
async function seedV1(name: string): Promise<Record<string, unknown>[]> {
	const v1 = new Dexie(name);
	v1.version(1).stores(SCHEMA_V1);
	await v1.open();
	expect(v1.verno).toBe(1);
	await v1.table('inspections').add(makeInspection({ id: INSPECTION }));
	await v1.table('answers').bulkAdd([A1, A2]);
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
			mutationId: SENT_MUTATION,
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
	const outbox = await v1.table('outbox').toArray();
	v1.close();
	return outbox;
}

/** Seeds a version-1 database, then opens it with the current schema. */
async function openUpgraded() {
	const name = `test-${crypto.randomUUID()}`;
	const seeded = await seedV1(name);
	const d = track(new KiemTraDB(name));
	await d.open();
	return { name, d, seeded };
}

describe('KiemTraDB schema', () => {
	it('only adds to the previous version, until v5 drops what v4 copied', () => {
		const steps = [
			[SCHEMA_V1, SCHEMA_V2],
			[SCHEMA_V2, SCHEMA_V3],
			[SCHEMA_V3, SCHEMA_V4]
		] as const;
		for (const [before, after] of steps) {
			for (const [table, spec] of Object.entries(before)) {
				const next = (after as Record<string, string>)[table];
				expect(next?.startsWith(spec), table).toBe(true);
			}
		}
		expect(SCHEMA_V2.outbox).toContain('inspectionId');
		expect(SCHEMA_V3.outbox).toContain('pendingKey');
		expect(SCHEMA_V4.answerFields).toBe('key, inspectionId');
		expect(SCHEMA_V4.queue).toBe('key, inspectionId, at');

		const { answers: droppedAnswers, outbox: droppedOutbox, ...kept } = SCHEMA_V5;
		expect([droppedAnswers, droppedOutbox]).toEqual([null, null]);
		const { answers: _a, outbox: _o, ...v4Kept } = SCHEMA_V4;
		expect(kept).toEqual(v4Kept);

		const { photos, photoBytes, ...v6Kept } = SCHEMA_V6;
		expect(v6Kept).toEqual(kept);
		expect([photos, photoBytes]).toEqual(['id, inspectionId', 'key, photoId']);
		const { syncState, conflicts, ...v7Kept } = SCHEMA_V7;
		expect(v7Kept).toEqual(SCHEMA_V6);
		expect([syncState, conflicts]).toEqual(['key, inspectionId', 'id, inspectionId']);
		const { photoBytes: v8Bytes, ...v8Kept } = SCHEMA_V8;
		const { photoBytes: _b, ...v7Rest } = SCHEMA_V7;
		expect(v8Kept).toEqual(v7Rest);
		expect(v8Bytes.startsWith(SCHEMA_V7.photoBytes)).toBe(true);
		const { minutes, minutesPdf, ...v9Kept } = SCHEMA_V9;
		expect(v9Kept).toEqual(SCHEMA_V8);
		expect([minutes, minutesPdf]).toEqual(['id, inspectionId', 'minutesId, waiting']);
	});

	it('opens an empty database at the latest version with every table', async () => {
		const d = track(new KiemTraDB(`test-${crypto.randomUUID()}`));
		await d.open();
		expect(d.verno).toBe(9);
		const tables = Object.entries(SCHEMA_V9)
			.filter(([, spec]) => spec !== null)
			.map(([table]) => table);
		expect(d.tables.map((t) => t.name).sort()).toEqual(tables.sort());
		expect([...d.backendDB().objectStoreNames].sort()).toEqual(tables.sort());
		expect(d.queue.schema.primKey.name).toBe('key');
		expect(d.queue.schema.indexes.map((i) => i.name).sort()).toEqual(['at', 'inspectionId']);
		expect(d.answerFields.schema.primKey.name).toBe('key');
		expect(d.answerFields.schema.indexes.map((i) => i.name)).toEqual(['inspectionId']);
	});
});

describe('upgrade from version 1', () => {
	it('turns every answer into field rows that fold back into the same answer', async () => {
		const { d } = await openUpgraded();
		expect(d.verno).toBe(9);

		const rows = await d.answerFields.toArray();
		expect(rows).toHaveLength(6);
		for (const row of rows) expect(AnswerFieldSchema.safeParse(row).success).toBe(true);
		expect(await d.answerFields.get(`${INSPECTION}:A2:note`)).toEqual({
			key: `${INSPECTION}:A2:note`,
			inspectionId: INSPECTION,
			itemId: 'A2',
			field: 'note',
			value: 'Thiếu sổ theo dõi',
			at: A2.answeredAt,
			by: 'Trần Thị Bình',
			deviceId: 'device-2'
		});
		expect(await d.answerFields.where('inspectionId').equals(INSPECTION).count()).toBe(6);

		useDatabase(d);
		expect(await answers.mapFor(INSPECTION)).toEqual(
			new Map([
				['A1', A1],
				['A2', A2]
			])
		);
	});

	it('moves every outbox row into the queue, keyed by what it holds', async () => {
		const { d, seeded } = await openUpgraded();
		expect(seeded).toHaveLength(4);

		const rows = await d.queue.toArray();
		expect(rows).toHaveLength(4);
		const byEntity = new Map(rows.map((r) => [r.entity, r]));
		// Waiting rows by entity and id; the row in a push by its mutation.
		expect(byEntity.get('answer')?.key).toBe(queueKey('answer', `${INSPECTION}:A1`));
		expect(byEntity.get('inspection')?.key).toBe(`sent:${SENT_MUTATION}`);
		expect(byEntity.get('finding')?.key).toBe(queueKey('finding', FINDING));
		expect(byEntity.get('indicatorValues')?.key).toBe(queueKey('indicatorValues', OTHER));

		// inspectionId, backfilled by v2, comes along and is indexed.
		expect([...byEntity].map(([entity, r]) => [entity, r.inspectionId])).toEqual(
			expect.arrayContaining([
				['answer', INSPECTION],
				['inspection', INSPECTION],
				['finding', OTHER],
				['indicatorValues', OTHER]
			])
		);
		const forInspection = await d.queue.where('inspectionId').equals(INSPECTION).toArray();
		expect(forInspection.map((r) => r.entity).sort()).toEqual(['answer', 'inspection']);
		expect(await d.queue.where('inspectionId').equals(OTHER).count()).toBe(2);

		// The rest of each row is untouched; the old bookkeeping (seq, pendingKey) is gone.
		for (const old of seeded) {
			const { seq: _seq, ...kept } = old;
			const row = rows.find((r) => r.mutationId === old['mutationId']);
			expect(row).toEqual({ ...kept, key: row?.key, inspectionId: row?.inspectionId });
			expect(row).not.toHaveProperty('seq');
			expect(row).not.toHaveProperty('pendingKey');
		}
		expect(byEntity.get('answer')).toMatchObject({
			op: 'upsert',
			patch: { result: 'fail' },
			state: 'pending',
			at: AT
		});
		expect(byEntity.get('inspection')).toMatchObject({
			mutationId: SENT_MUTATION,
			state: 'sending',
			patch: { status: 'in-progress' }
		});
	});

	it('keeps the data of the other tables and drops the old ones', async () => {
		const { d } = await openUpgraded();
		expect(await d.inspections.get(INSPECTION)).toEqual(makeInspection({ id: INSPECTION }));
		expect(await d.findings.get(FINDING)).toEqual(
			makeFinding({ id: FINDING, inspectionId: OTHER })
		);
		expect(await d.templates.get('tpl-test@1')).toMatchObject({ id: 'tpl-test', version: 1 });
		expect(await d.meta.get('deviceId')).toEqual({ key: 'deviceId', value: 'dev-old' });

		const stores = [...d.backendDB().objectStoreNames];
		expect(stores).not.toContain('answers');
		expect(stores).not.toContain('outbox');
		expect(stores).toContain('answerFields');
		expect(stores).toContain('queue');
		expect(d.tables.map((t) => t.name)).not.toContain('outbox');
	});

	it('goes on working: counts, new saves and pushes treat the moved entries as their own', async () => {
		const { d } = await openUpgraded();
		useDatabase(d);
		// answer A1, inspection, finding, indicator values.
		expect(await countPending()).toBe(4);
		expect(await countByInspection()).toEqual(
			new Map([
				[INSPECTION, 2],
				[OTHER, 2]
			])
		);

		const inspection = makeInspection({ id: INSPECTION, status: 'in-progress' });
		await answers.save(inspection, PASS_FAIL, { note: 'sau khi nâng cấp' });
		await answers.save(inspection, COUNT, { value: 5 });
		expect((await answers.mapFor(INSPECTION)).get('A1')).toMatchObject({
			result: 'fail',
			note: 'sau khi nâng cấp'
		});
		// A1's moved entry and its new note entry are one change; A2 is the new one.
		expect(await outboxFor('answer', `${INSPECTION}:A1`)).toHaveLength(2);
		expect(await countPending()).toBe(5);

		const moved = queueKey('answer', `${INSPECTION}:A1`);
		const [sent] = await markSending([moved]);
		expect(sent).toMatchObject({ key: `sent:${sent?.mutationId}`, state: 'sending' });
		expect(await d.queue.get(moved)).toBeUndefined();
	});

	it('lets the latest version reopen its own database without touching it again', async () => {
		const { name, d: first } = await openUpgraded();
		await first.queue.toCollection().modify({ inspectionId: 'kept' });
		await first.answerFields.toCollection().modify({ by: 'kept' });
		first.close();

		const again = track(new KiemTraDB(name));
		expect(await again.queue.where('inspectionId').equals('kept').count()).toBe(4);
		expect(await again.answerFields.count()).toBe(6);
		expect(await again.answerFields.filter((r) => r.by === 'kept').count()).toBe(6);
		expect(again.verno).toBe(9);
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

describe('upgrade from version 7', () => {
	it('marks the full-size photo bytes the server does not hold yet as waiting', async () => {
		const name = `test-${crypto.randomUUID()}`;
		const v7 = track(new Dexie(name));
		v7.version(7).stores(SCHEMA_V7);
		await v7.open();
		const bytes = new ArrayBuffer(4);
		const row = (photoId: string, size: 'full' | 'thumb', uploadedAt?: string) => ({
			key: `${photoId}:${size}`,
			photoId,
			size,
			mime: 'image/jpeg',
			bytes,
			...(uploadedAt ? { uploadedAt } : {})
		});
		await v7
			.table('photoBytes')
			.bulkAdd([row('p1', 'full'), row('p1', 'thumb'), row('p2', 'full', AT), row('p2', 'thumb')]);
		v7.close();

		const d = track(new KiemTraDB(name));
		expect(await d.photoBytes.where('waiting').equals(1).primaryKeys()).toEqual(['p1:full']);
		expect((await d.photoBytes.get('p2:full'))?.uploadedAt).toBe(AT);
	});
});
