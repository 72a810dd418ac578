import { describe, expect, it, vi } from 'vitest';
import { StorageFullError } from './errors';
import * as indicatorValues from './indicator-values';
import { ValidationError } from './meta';
import {
	createInspection,
	failWrites,
	outboxFor,
	snapshot,
	testIndicatorSet,
	useFreshDatabase
} from './test-fixtures';

const database = useFreshDatabase();
const SET = testIndicatorSet();

describe('indicatorValues.save', () => {
	it('stores counts and enqueues one key per count', async () => {
		const inspection = await createInspection();
		const saved = await indicatorValues.save(inspection.id, SET, { resolved: 120, late: 4 });
		expect(saved).toMatchObject({
			inspectionId: inspection.id,
			counts: { resolved: 120, late: 4 }
		});
		expect(await indicatorValues.get(inspection.id)).toEqual(saved);

		const entries = await outboxFor('indicatorValues', inspection.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ op: 'upsert', inspectionId: inspection.id });
		expect(entries[0]?.patch).toEqual({
			'counts.resolved': 120,
			'counts.late': 4,
			updatedAt: saved.updatedAt
		});
	});

	it('keeps the counts it was not given', async () => {
		const inspection = await createInspection();
		await indicatorValues.save(inspection.id, SET, { resolved: 120, late: 4 });
		const saved = await indicatorValues.save(inspection.id, SET, { late: 5, apologised: 2 });
		expect(saved.counts).toEqual({ resolved: 120, late: 5, apologised: 2 });
		expect((await indicatorValues.get(inspection.id))?.counts).toEqual(saved.counts);
	});

	it('merges saves of different counts into one entry keeping every key', async () => {
		const inspection = await createInspection();
		await indicatorValues.save(inspection.id, SET, { resolved: 120 });
		await indicatorValues.save(inspection.id, SET, { late: 4 });
		const last = await indicatorValues.save(inspection.id, SET, { late: 3, score: 8.5 });

		const entries = await outboxFor('indicatorValues', inspection.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]?.patch).toEqual({
			'counts.resolved': 120,
			'counts.late': 3,
			'counts.score': 8.5,
			updatedAt: last.updatedAt
		});
	});

	it('clears a count with null', async () => {
		const inspection = await createInspection();
		await indicatorValues.save(inspection.id, SET, { resolved: 10, late: 1 });
		const saved = await indicatorValues.save(inspection.id, SET, { late: null });
		expect(saved.counts).toEqual({ resolved: 10, late: null });
		const [entry] = await outboxFor('indicatorValues', inspection.id);
		expect(entry?.patch['counts.late']).toBeNull();
	});

	it('allows a decimal score but not a decimal count', async () => {
		const inspection = await createInspection();
		expect((await indicatorValues.save(inspection.id, SET, { score: 9.25 })).counts['score']).toBe(
			9.25
		);
		await expect(indicatorValues.save(inspection.id, SET, { online: 9.25 })).rejects.toMatchObject({
			code: 'fraction',
			field: 'online'
		});
	});

	it.each([
		['a negative count', { late: -1 }, 'negative', 'late'],
		['a fraction of a count', { resolved: 1.5 }, 'fraction', 'resolved'],
		['a negative score', { score: -0.5 }, 'negative', 'score'],
		['a count too big to be real', { resolved: 2e9 }, 'too-big', 'resolved'],
		['a count the set does not define', { bogus: 1 }, 'unknown-count', 'bogus'],
		['one bad count among good ones', { resolved: 10, late: -2 }, 'negative', 'late']
	] as const)('rejects %s without writing', async (_label, counts, code, field) => {
		const inspection = await createInspection();
		await indicatorValues.save(inspection.id, SET, { resolved: 7 });
		const before = await snapshot();
		const saving = indicatorValues.save(inspection.id, SET, counts);
		await expect(saving).rejects.toBeInstanceOf(ValidationError);
		await expect(saving).rejects.toMatchObject({ code, field });
		expect(await snapshot()).toEqual(before);
	});

	it('writes nothing when storage is full', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		vi.spyOn(database().indicatorValues, 'put').mockRejectedValue(
			new DOMException('full', 'QuotaExceededError')
		);
		await expect(indicatorValues.save(inspection.id, SET, { resolved: 1 })).rejects.toBeInstanceOf(
			StorageFullError
		);
		expect(await snapshot()).toEqual(before);
	});

	it('keeps the stored counts when queueing the edit hits the quota', async () => {
		const inspection = await createInspection();
		await indicatorValues.save(inspection.id, SET, { resolved: 7 });
		const before = await snapshot();
		failWrites(database().queue);
		await expect(indicatorValues.save(inspection.id, SET, { late: 1 })).rejects.toBeInstanceOf(
			StorageFullError
		);
		expect(await snapshot()).toEqual(before);
		expect((await indicatorValues.get(inspection.id))?.counts).toEqual({ resolved: 7 });
	});

	it('is undefined for an inspection without counts', async () => {
		expect(await indicatorValues.get(crypto.randomUUID())).toBeUndefined();
	});
});
