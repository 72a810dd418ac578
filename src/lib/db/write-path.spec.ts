import { describe, expect, it, vi } from 'vitest';
import { makeAnswer, INSPECTION_ID } from '$lib/domain/test-factories';
import { StorageFailedError, StorageFullError } from './errors';
import { ValidationError } from './meta';
import { outboxFor, useFreshDatabase } from './test-fixtures';
import { markSending } from './outbox';
import { commit, whenWritesSettled, type Change } from './write-path';

const database = useFreshDatabase();

const ANSWER_ID = `${INSPECTION_ID}:A1`;

function answerChange(patch: Record<string, unknown>, op: Change['op'] = 'upsert'): Change {
	return { entity: 'answer', entityId: ANSWER_ID, inspectionId: INSPECTION_ID, op, patch };
}

async function writeAnswer(patch: Record<string, unknown>): Promise<void> {
	const d = database();
	await commit([d.answers], async () => {
		await d.answers.put(makeAnswer('A1', patch));
		return answerChange(patch);
	});
}

describe('commit', () => {
	it('writes the row and its outbox entry together', async () => {
		await writeAnswer({ result: 'pass' });
		expect(await database().answers.get(ANSWER_ID)).toMatchObject({ result: 'pass' });
		const [entry, ...rest] = await outboxFor('answer', ANSWER_ID);
		expect(rest).toHaveLength(0);
		expect(entry).toMatchObject({
			entity: 'answer',
			entityId: ANSWER_ID,
			inspectionId: INSPECTION_ID,
			op: 'upsert',
			patch: { result: 'pass' },
			state: 'pending'
		});
		expect(entry?.mutationId).toMatch(/^[0-9a-f-]{36}$/);
		expect(Date.parse(entry?.at ?? '')).not.toBeNaN();
	});

	it('enqueues every change a write returns, and nothing for an empty list', async () => {
		const d = database();
		await commit([d.answers], async () => [
			answerChange({ result: 'fail' }),
			{
				entity: 'inspection',
				entityId: INSPECTION_ID,
				inspectionId: INSPECTION_ID,
				op: 'upsert',
				patch: { status: 'in-progress' }
			}
		]);
		expect(await d.outbox.count()).toBe(2);
		await commit([d.answers], async () => []);
		expect(await d.outbox.count()).toBe(2);
	});

	it('writes nothing when the write throws after touching the row', async () => {
		const d = database();
		const boom = new Error('boom');
		const failing = commit([d.answers], async () => {
			await d.answers.put(makeAnswer('A1', { result: 'pass' }));
			throw boom;
		});
		await expect(failing).rejects.toBeInstanceOf(StorageFailedError);
		await expect(failing).rejects.toMatchObject({ cause: boom });
		expect(await d.answers.count()).toBe(0);
		expect(await d.outbox.count()).toBe(0);
	});

	it('rolls the row back when the outbox write hits the quota', async () => {
		const d = database();
		vi.spyOn(d.outbox, 'add').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
		await expect(writeAnswer({ result: 'pass' })).rejects.toBeInstanceOf(StorageFullError);
		expect(await d.answers.count()).toBe(0);
		expect(await d.outbox.count()).toBe(0);
	});

	it('passes a ValidationError raised inside the transaction through', async () => {
		const d = database();
		const failing = commit([d.answers], async () => {
			await d.answers.put(makeAnswer('A1'));
			throw new ValidationError('not-found');
		});
		await expect(failing).rejects.toBeInstanceOf(ValidationError);
		await expect(failing).rejects.toMatchObject({ code: 'not-found' });
		expect(await d.answers.count()).toBe(0);
	});
});

describe('outbox coalescing', () => {
	it('merges repeated saves of one row into one pending entry with the latest fields', async () => {
		await writeAnswer({ result: 'pass', note: 'a' });
		const [first] = await outboxFor('answer', ANSWER_ID);
		await writeAnswer({ result: 'fail' });
		await writeAnswer({ value: 3 });
		const entries = await outboxFor('answer', ANSWER_ID);
		expect(entries).toHaveLength(1);
		expect(entries[0]?.patch).toEqual({ result: 'fail', note: 'a', value: 3 });
		expect(entries[0]?.mutationId).toBe(first?.mutationId);
		expect(entries[0]?.seq).toBe(first?.seq);
	});

	it('never merges into an entry that is being sent', async () => {
		await writeAnswer({ result: 'pass' });
		const [sending] = await outboxFor('answer', ANSWER_ID);
		await markSending([sending?.seq ?? -1]);

		await writeAnswer({ result: 'fail' });
		const entries = await outboxFor('answer', ANSWER_ID);
		expect(entries).toHaveLength(2);
		expect(entries[0]).toMatchObject({ state: 'sending', patch: { result: 'pass' } });
		expect(entries[1]).toMatchObject({ state: 'pending', patch: { result: 'fail' } });
		expect(entries[1]?.mutationId).not.toBe(entries[0]?.mutationId);

		await writeAnswer({ note: 'x' });
		const after = await outboxFor('answer', ANSWER_ID);
		expect(after).toHaveLength(2);
		expect(after[0]?.patch).toEqual({ result: 'pass' });
		expect(after[1]?.patch).toEqual({ result: 'fail', note: 'x' });
	});

	it('turns pending upserts followed by a delete into one delete', async () => {
		const d = database();
		await writeAnswer({ result: 'pass' });
		await writeAnswer({ note: 'n' });
		await commit([d.answers], async () => {
			await d.answers.delete(ANSWER_ID);
			return answerChange({}, 'delete');
		});
		const entries = await outboxFor('answer', ANSWER_ID);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ op: 'delete', patch: {}, state: 'pending' });
		expect(entries[0]?.inspectionId).toBe(INSPECTION_ID);
	});

	it('turns a pending delete followed by an upsert into an upsert of just the new fields', async () => {
		const d = database();
		await commit([d.answers], async () => answerChange({}, 'delete'));
		await writeAnswer({ result: 'na' });
		const entries = await outboxFor('answer', ANSWER_ID);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ op: 'upsert', patch: { result: 'na' } });
	});

	it('keeps entries of different rows apart', async () => {
		const d = database();
		await writeAnswer({ result: 'pass' });
		await commit([d.answers], async () => ({
			entity: 'answer',
			entityId: `${INSPECTION_ID}:A2`,
			inspectionId: INSPECTION_ID,
			op: 'upsert',
			patch: { value: 1 }
		}));
		expect(await d.outbox.count()).toBe(2);
	});
});

describe('whenWritesSettled', () => {
	it('resolves at once when nothing is being written', async () => {
		await expect(whenWritesSettled()).resolves.toBeUndefined();
	});

	it('resolves only after an in-flight commit has landed', async () => {
		const d = database();
		const order: string[] = [];
		const writing = commit([d.answers], async () => {
			order.push('write');
			await d.answers.put(makeAnswer('A1', { result: 'pass' }));
			await d.answers.get(ANSWER_ID);
			order.push('written');
			return answerChange({ result: 'pass' });
		});
		const settled = whenWritesSettled().then(async () => {
			order.push('settled');
			expect(await d.answers.get(ANSWER_ID)).toBeDefined();
			expect(await d.outbox.count()).toBe(1);
		});
		await Promise.all([writing, settled]);
		expect(order).toEqual(['write', 'written', 'settled']);
	});

	it('waits for every concurrent commit, and resolves after a failed one too', async () => {
		const d = database();
		let settledAt = -1;
		let landed = 0;
		const first = writeAnswer({ result: 'pass' }).then(() => landed++);
		const failing = commit([d.answers], async () => {
			throw new Error('boom');
		}).catch(() => landed++);
		const second = commit([d.findings], async () => []).then(() => landed++);
		const settled = whenWritesSettled().then(() => {
			settledAt = landed;
		});
		await Promise.all([first, failing, second, settled]);
		expect(settledAt).toBeGreaterThanOrEqual(2);
		expect(landed).toBe(3);
		await expect(whenWritesSettled()).resolves.toBeUndefined();
	});
});
