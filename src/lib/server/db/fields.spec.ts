import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from '../test-db';
import { nextVersion, stampRow } from './feed';
import { readFields, readFieldsOfRows, writeFields } from './fields';

let temp: TempDatabase;
beforeEach(async () => {
	temp = await openTempDatabase();
});
afterEach(async () => {
	await temp.remove();
});

const ID = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
const state = (value: unknown, version: number) => ({
	value,
	version,
	by: 'u1',
	deviceId: 'dev-1',
	at: '2025-08-15T08:00:00.000Z'
});

describe('readFieldsOfRows', () => {
	it('reads many rows at once, keeping apart two entities that share an id', async () => {
		await temp.db.transaction().execute(async (trx) => {
			const rows = [
				['inspection', ID, { status: state('in-progress', 3) }],
				['indicatorValues', ID, { 'counts.received': state(120, 4) }],
				['answer', `${ID}:A1`, { result: state('fail', 5), note: state('Thiếu niêm yết', 6) }]
			] as const;
			for (const [entity, entityId, fields] of rows) {
				await stampRow(trx, { entity, entityId, inspectionId: null }, await nextVersion(trx));
				await writeFields(trx, entity, entityId, fields);
			}
		});
		const page = await readFieldsOfRows(temp.db, [
			{ entity: 'inspection', entityId: ID },
			{ entity: 'answer', entityId: `${ID}:A1` }
		]);
		expect([...page.keys()].sort()).toEqual([`answer|${ID}:A1`, `inspection|${ID}`]);
		expect(page.get(`inspection|${ID}`)).toEqual(await readFields(temp.db, 'inspection', ID));
		expect(page.get(`answer|${ID}:A1`)).toEqual(await readFields(temp.db, 'answer', `${ID}:A1`));
		expect(Object.keys(page.get(`answer|${ID}:A1`) ?? {}).sort()).toEqual(['note', 'result']);
		expect(await readFieldsOfRows(temp.db, [])).toEqual(new Map());
	});
});
