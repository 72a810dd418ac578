import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FieldState } from '$lib/sync/protocol';
import { openTempDatabase, type TempDatabase } from '../test-db';
import { nextVersion, stampRow } from './feed';
import { FeedBatch } from './feed-batch';
import { writeFields } from './fields';

const INSPECTION = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
const OTHER = '7f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
const A1 = `${INSPECTION}:A1`;
const A2 = `${INSPECTION}:A2`;

let direct: TempDatabase;
let batched: TempDatabase;
beforeEach(async () => {
	[direct, batched] = await Promise.all([openTempDatabase(), openTempDatabase()]);
});
afterEach(async () => {
	await Promise.all([direct.remove(), batched.remove()]);
});

const field = (value: unknown, version: number): FieldState => ({
	value,
	version,
	by: 'u1',
	deviceId: 'dev-a',
	at: '2025-08-15T08:00:00.000Z'
});

async function tables(t: TempDatabase) {
	return {
		rows: await t.db.selectFrom('rows').selectAll().orderBy('version').execute(),
		fields: await t.db
			.selectFrom('fields')
			.selectAll()
			.orderBy('entity_id')
			.orderBy('field')
			.execute(),
		counter: await t.db.selectFrom('counter').selectAll().execute()
	};
}

/** A row that exists before the batch, written the direct way in both databases. */
async function existing(t: TempDatabase) {
	await t.db.transaction().execute(async (trx) => {
		const version = await nextVersion(trx);
		await stampRow(trx, { entity: 'answer', entityId: A1, inspectionId: INSPECTION }, version);
		await writeFields(trx, 'answer', A1, {
			result: field('pass', version),
			note: field('x', version)
		});
	});
}

describe('FeedBatch', () => {
	it('leaves the tables as writing each change at once does', async () => {
		await Promise.all([existing(direct), existing(batched)]);
		// The same changes: a new row, the existing row changed twice (a stamp keeps its
		// inspection), a delete, and a value the JSON column turns into null.
		await direct.db.transaction().execute(async (trx) => {
			const v1 = await nextVersion(trx);
			await stampRow(trx, { entity: 'answer', entityId: A2, inspectionId: INSPECTION }, v1);
			await writeFields(trx, 'answer', A2, {
				result: field('fail', v1),
				value: field(undefined, v1)
			});
			const v2 = await nextVersion(trx);
			await stampRow(trx, { entity: 'answer', entityId: A1, inspectionId: OTHER }, v2);
			await writeFields(trx, 'answer', A1, { result: field('na', v2) });
			const v3 = await nextVersion(trx);
			await stampRow(
				trx,
				{ entity: 'answer', entityId: A1, inspectionId: OTHER, deleted: true },
				v3
			);
		});
		await batched.db.transaction().execute(async (trx) => {
			const batch = new FeedBatch(trx);
			await batch.load([{ entity: 'answer', entityId: A1 }]);
			const v1 = await batch.nextVersion();
			await batch.stampRow({ entity: 'answer', entityId: A2, inspectionId: INSPECTION }, v1);
			batch.writeFields('answer', A2, { result: field('fail', v1), value: field(undefined, v1) });
			const v2 = await batch.nextVersion();
			await batch.stampRow({ entity: 'answer', entityId: A1, inspectionId: OTHER }, v2);
			batch.writeFields('answer', A1, { result: field('na', v2) });
			const v3 = await batch.nextVersion();
			await batch.stampRow(
				{ entity: 'answer', entityId: A1, inspectionId: OTHER, deleted: true },
				v3
			);
			await batch.flush();
		});
		expect(await tables(batched)).toEqual(await tables(direct));
	});

	it('answers reads with what the tables hold plus the batch’s own writes', async () => {
		await existing(batched);
		await batched.db.transaction().execute(async (trx) => {
			const batch = new FeedBatch(trx);
			expect(await batch.row('answer', A2)).toBeUndefined();
			const before = await batch.row('answer', A1);
			expect(before).toMatchObject({ inspectionId: INSPECTION, deleted: false, version: 1 });
			expect(before?.fields['result']?.value).toBe('pass');

			const version = await batch.nextVersion();
			expect(version).toBe(2);
			await batch.stampRow({ entity: 'answer', entityId: A1, inspectionId: INSPECTION }, version);
			batch.writeFields('answer', A1, {
				result: field('fail', version),
				value: field(undefined, version)
			});
			const after = await batch.row('answer', A1);
			expect(after?.version).toBe(2);
			expect(after?.fields['result']).toEqual(field('fail', 2));
			expect(after?.fields['note']?.value).toBe('x');
			// As the table would give it back: JSON has no undefined.
			expect(after?.fields['value']?.value).toBeNull();
			await batch.flush();
		});
	});
});
