import { describe, expect, it, vi } from 'vitest';
import type { Inspection } from '$lib/domain';
import * as answers from './answers';
import { db, useDatabase } from './connection';
import { KiemTraDB, queueKey } from './database';
import * as findings from './findings';
import * as indicatorValues from './indicator-values';
import * as inspections from './inspections';
import { deviceId } from './meta';
import { countByInspection, countPending, list, markSending } from './outbox';
import {
	COUNT,
	PASS_FAIL,
	createInspection,
	markAllSending,
	outboxFor,
	testIndicatorSet,
	useFreshDatabase
} from './test-fixtures';

const database = useFreshDatabase();

const answerId = (inspection: Inspection, itemId: string) => `${inspection.id}:${itemId}`;

function saveFinding(inspection: Inspection) {
	return findings.save({
		inspectionId: inspection.id,
		itemId: 'A1',
		description: 'Thiếu niêm yết',
		severity: 'low',
		legalBasis: '',
		requiredAction: '',
		responsibleParty: '',
		deadline: null
	});
}

describe('outbox counts', () => {
	it('is empty on a fresh database', async () => {
		expect(await countPending()).toBe(0);
		expect(await countByInspection()).toEqual(new Map());
		expect(await list()).toEqual([]);
	});

	it('counts one change per changed row, per inspection, however many fields wait', async () => {
		const a = await createInspection();
		const b = await createInspection();
		await answers.save(a, PASS_FAIL, { result: 'fail' });
		await answers.save(a, PASS_FAIL, { note: 'hai lần' });
		await answers.save(a, COUNT, { value: 2 });
		await saveFinding(a);
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
		// There are more entries than changes: A1 waits as its result and its note.
		expect(await database().queue.where('inspectionId').equals(a.id).count()).toBe(5);
		expect(await outboxFor('answer', answerId(a, 'A1'))).toHaveLength(2);
	});

	it('counts entries being sent, and a row both sent and pending once', async () => {
		const a = await createInspection();
		await markAllSending();
		expect(await countByInspection()).toEqual(new Map([[a.id, 1]]));

		await answers.save(a, PASS_FAIL, { result: 'pass' });
		// The sending creation stays and the start adds a pending inspection entry: still one row.
		expect(await outboxFor('inspection', a.id)).toHaveLength(2);
		expect(await countByInspection()).toEqual(new Map([[a.id, 2]]));
		expect(await countPending()).toBe(2);

		await markAllSending();
		await answers.save({ ...a, status: 'in-progress' }, PASS_FAIL, { result: 'fail' });
		expect(await outboxFor('answer', answerId(a, 'A1'))).toHaveLength(2);
		expect(await countPending()).toBe(2);
	});
});

describe('outbox.list', () => {
	it('puts an inspection before the answers given since its last edit', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			vi.setSystemTime(new Date('2025-08-15T08:00:00Z'));
			const a = await createInspection();
			vi.setSystemTime(new Date('2025-08-15T08:01:00Z'));
			await answers.save(a, COUNT, { value: 1 });
			vi.setSystemTime(new Date('2025-08-15T08:02:00Z'));
			await inspections.setStatus(a.id, 'completed');

			const all = await list();
			expect(all.map((e) => e.entity)).toEqual(['inspection', 'answer']);
			expect(all[0]?.at).toBe('2025-08-15T08:02:00.000Z');
		} finally {
			vi.useRealTimers();
		}
	});

	it('gives every entry, sent ones included, oldest first', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			vi.setSystemTime(new Date('2025-08-15T08:00:00Z'));
			const a = await createInspection();
			await markAllSending();
			vi.setSystemTime(new Date('2025-08-15T08:01:00Z'));
			await saveFinding(a);
			vi.setSystemTime(new Date('2025-08-15T08:02:00Z'));
			await answers.save({ ...a, status: 'in-progress' }, COUNT, { value: 1 });

			const all = await list();
			expect(all.map((e) => [e.entity, e.state])).toEqual([
				['inspection', 'sending'],
				['finding', 'pending'],
				['answer', 'pending']
			]);
			expect(all.map((e) => e.at)).toEqual([
				'2025-08-15T08:00:00.000Z',
				'2025-08-15T08:01:00.000Z',
				'2025-08-15T08:02:00.000Z'
			]);
		} finally {
			vi.useRealTimers();
		}
	});
});

describe('outbox.markSending', () => {
	it('re-keys the pending entries it is given as sent, and returns them', async () => {
		const a = await createInspection();
		await answers.save({ ...a, status: 'in-progress' }, PASS_FAIL, { result: 'fail', note: 'x' });
		const [result, note] = (await outboxFor('answer', answerId(a, 'A1'))).sort((x, y) =>
			x.key.includes(':result') ? -1 : y.key.includes(':result') ? 1 : 0
		);
		expect(result?.key).toBe(queueKey('answer', answerId(a, 'A1'), 'result'));

		const sent = await markSending([result?.key ?? '']);
		expect(sent).toEqual([{ ...result, key: `sent:${result?.mutationId}`, state: 'sending' }]);
		expect(await database().queue.get(result?.key ?? '')).toBeUndefined();
		expect(await database().queue.get(`sent:${result?.mutationId}`)).toEqual(sent[0]);
		// What it was not given stays pending, under its own key.
		expect(await database().queue.get(note?.key ?? '')).toEqual(note);
		expect(await database().queue.get(queueKey('inspection', a.id))).toMatchObject({
			state: 'pending'
		});
	});

	it('skips keys that are unknown or already sent', async () => {
		const a = await createInspection();
		const [pending] = await outboxFor('inspection', a.id);
		const first = await markSending([pending?.key ?? '']);
		expect(first).toHaveLength(1);
		const before = await database().queue.toArray();

		expect(
			await markSending([pending?.key ?? '', first[0]?.key ?? '', 'pending:finding:x'])
		).toEqual([]);
		expect(await markSending([])).toEqual([]);
		expect(await database().queue.toArray()).toEqual(before);
	});

	it('leaves a sent entry exactly as sent while the row keeps changing', async () => {
		const a = await createInspection();
		await markAllSending();
		const [sent] = await outboxFor('inspection', a.id);
		await inspections.setStatus(a.id, 'in-progress');
		await inspections.setStatus(a.id, 'completed');
		const entries = await outboxFor('inspection', a.id);
		expect(entries).toHaveLength(2);
		expect(entries[0]).toEqual(sent);
		expect(entries[1]).toMatchObject({
			key: queueKey('inspection', a.id),
			state: 'pending',
			patch: { status: 'completed' }
		});
		expect(entries[1]?.mutationId).not.toBe(sent?.mutationId);
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
				expect(await db().answerFields.count()).toBe(3);
				expect((await answers.mapFor(inspection.id)).get('A1')).toMatchObject({
					result: 'pass',
					value: 1,
					note: 'tab B'
				});
				const entries = await outboxFor('answer', answerId(inspection, 'A1'));
				expect(entries).toHaveLength(3);
				expect(Object.assign({}, ...entries.map((e) => e.patch))).toMatchObject({
					result: 'pass',
					value: 1,
					note: 'tab B'
				});
				expect(await countByInspection()).toEqual(new Map([[inspection.id, 2]]));
				expect(await countPending()).toBe(2);
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

	it('keeps one row and one entry per field when two tabs race on the same field', async () => {
		const inspection = await createInspection();
		const name = database().name;
		const tabA = await openTab(name);
		const tabB = await openTab(name);
		try {
			expect(tabA.answers).not.toBe(tabB.answers);
			expect(tabA.answers).not.toBe(answers);
			// Both screens still show the draft: each save reads it, one of them starts it.
			const saves = [1, 2, 3, 4, 5, 6].map((value, i) =>
				(i % 2 ? tabB : tabA).answers.save(inspection, COUNT, { value, note: `lần ${value}` })
			);
			const saved = await Promise.all(saves);
			expect(saved.map((rows) => rows[0]?.value)).toEqual([1, 2, 3, 4, 5, 6]);

			const rows = await database().answerFields.toArray();
			expect(rows.map((r) => r.field).sort()).toEqual(['note', 'value']);
			const value = rows.find((r) => r.field === 'value')?.value;
			expect([1, 2, 3, 4, 5, 6]).toContain(value);

			const entries = await outboxFor('answer', answerId(inspection, 'A2'));
			expect(entries.map((e) => e.key).sort()).toEqual([
				queueKey('answer', answerId(inspection, 'A2'), 'note'),
				queueKey('answer', answerId(inspection, 'A2'), 'value')
			]);
			// Each save is one transaction: the last one wins both fields, in the rows and the queue.
			expect(rows.find((r) => r.field === 'note')?.value).toBe(`lần ${value}`);
			expect(entries.find((e) => e.key.endsWith(':value'))?.patch['value']).toBe(value);
			expect(entries.find((e) => e.key.endsWith(':note'))?.patch['note']).toBe(`lần ${value}`);

			expect(await inspections.get(inspection.id)).toMatchObject({ status: 'in-progress' });
			expect(await outboxFor('inspection', inspection.id)).toHaveLength(1);
			expect(await countByInspection()).toEqual(new Map([[inspection.id, 2]]));
			for (const tab of [tabA, tabB]) expect(await tab.outbox.countPending()).toBe(2);
		} finally {
			tabA.db.close();
			tabB.db.close();
		}
	});
});

/** A second tab runs its own copy of the modules, so its db() is its own connection. */
async function openTab(name: string) {
	vi.resetModules();
	const [connection, schema, tabAnswers, tabOutbox] = await Promise.all([
		import('./connection'),
		import('./database'),
		import('./answers'),
		import('./outbox')
	]);
	const tabDb = new schema.KiemTraDB(name);
	connection.useDatabase(tabDb);
	return { db: tabDb, answers: tabAnswers, outbox: tabOutbox };
}
