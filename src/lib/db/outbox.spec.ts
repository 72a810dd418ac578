import { describe, expect, it, vi } from 'vitest';
import * as answers from './answers';
import { db, useDatabase } from './connection';
import { KiemTraDB } from './database';
import * as findings from './findings';
import * as indicatorValues from './indicator-values';
import { deviceId } from './meta';
import { countByInspection, countPending } from './outbox';
import {
	COUNT,
	PASS_FAIL,
	createInspection,
	outboxFor,
	testIndicatorSet,
	useFreshDatabase,
	markAllSending
} from './test-fixtures';

const database = useFreshDatabase();

describe('outbox counts', () => {
	it('is empty on a fresh database', async () => {
		expect(await countPending()).toBe(0);
		expect(await countByInspection()).toEqual(new Map());
	});

	it('counts one entry per changed row, per inspection', async () => {
		const a = await createInspection();
		const b = await createInspection();
		await answers.save(a, PASS_FAIL, { result: 'fail' });
		await answers.save(a, PASS_FAIL, { note: 'hai lần' });
		await answers.save(a, COUNT, { value: 2 });
		await findings.save({
			inspectionId: a.id,
			itemId: 'A1',
			description: 'Thiếu niêm yết',
			severity: 'low',
			legalBasis: '',
			requiredAction: '',
			responsibleParty: '',
			deadline: null
		});
		await indicatorValues.save(b.id, testIndicatorSet(), { resolved: 3 });
		await indicatorValues.save(b.id, testIndicatorSet(), { late: 1 });

		// a: inspection, A1, A2, finding; b: inspection, indicator values.
		expect(await countByInspection()).toEqual(
			new Map([
				[a.id, 4],
				[b.id, 2]
			])
		);
		expect(await countPending()).toBe(6);
		expect(await database().outbox.where('inspectionId').equals(a.id).count()).toBe(4);
	});

	it('counts entries being sent as well as pending ones', async () => {
		const a = await createInspection();
		await markAllSending();
		await answers.save(a, PASS_FAIL, { result: 'pass' });
		// The sending creation stays; the touch adds a new pending inspection entry next to the answer.
		expect(await countByInspection()).toEqual(new Map([[a.id, 3]]));
	});
});

describe('two tabs on one database', () => {
	it('never counts the same answer twice', async () => {
		const name = database().name;
		const tabA = database();
		const inspection = await createInspection();
		const tabB = new KiemTraDB(name);
		try {
			useDatabase(tabA);
			await answers.save(inspection, PASS_FAIL, { result: 'fail', note: 'tab A' });
			useDatabase(tabB);
			await answers.save(inspection, PASS_FAIL, { result: 'pass' });
			useDatabase(tabA);
			await answers.save(inspection, PASS_FAIL, { value: 1 });
			useDatabase(tabB);
			await answers.save(inspection, PASS_FAIL, { note: 'tab B' });

			for (const tab of [tabA, tabB]) {
				useDatabase(tab);
				const rows = await db().answers.toArray();
				expect(rows).toHaveLength(1);
				expect(rows[0]).toMatchObject({ result: 'pass', value: 1, note: 'tab B' });
				const entries = await outboxFor('answer', `${inspection.id}:A1`);
				expect(entries).toHaveLength(1);
				expect(entries[0]?.patch).toMatchObject({ result: 'pass', value: 1, note: 'tab B' });
				expect(await countByInspection()).toEqual(new Map([[inspection.id, 2]]));
			}
			// Both tabs are the same browser profile, so the same device.
			useDatabase(tabB);
			const fromB = await deviceId();
			useDatabase(tabA);
			expect(await deviceId()).toBe(fromB);
		} finally {
			tabB.close();
			useDatabase(tabA);
		}
	});

	it('merges saves racing from two tabs into one entry', async () => {
		const inspection = await createInspection();
		const name = database().name;
		const tabA = await openTab(name);
		const tabB = await openTab(name);
		try {
			expect(tabA.answers).not.toBe(tabB.answers);
			expect(tabA.answers).not.toBe(answers);
			const saves = [1, 2, 3, 4, 5, 6].map((value, i) =>
				(i % 2 ? tabB : tabA).answers.save(inspection, COUNT, { value })
			);
			const saved = await Promise.all(saves);
			expect(saved.map((a) => a.value)).toEqual([1, 2, 3, 4, 5, 6]);

			const rows = await database().answers.toArray();
			expect(rows).toHaveLength(1);
			expect(saved.map((a) => a.value)).toContain(rows[0]?.value);
			const entries = await outboxFor('answer', `${inspection.id}:A2`);
			expect(entries).toHaveLength(1);
			expect(entries[0]?.patch['value']).toBe(rows[0]?.value);
			expect(await countByInspection()).toEqual(new Map([[inspection.id, 2]]));
		} finally {
			tabA.db.close();
			tabB.db.close();
		}
	});
});

/** A second tab runs its own copy of the modules, so its db() is its own connection. */
async function openTab(name: string) {
	vi.resetModules();
	const [connection, schema, tabAnswers] = await Promise.all([
		import('./connection'),
		import('./database'),
		import('./answers')
	]);
	const tabDb = new schema.KiemTraDB(name);
	connection.useDatabase(tabDb);
	return { db: tabDb, answers: tabAnswers };
}
