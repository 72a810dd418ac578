import { Dexie } from 'dexie';
import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import type { AnswerField } from '$lib/domain';
import { answerFieldKey } from '$lib/domain/ids';
import { INSPECTION_ID, OTHER_UUID, makeFinding } from '$lib/domain/test-factories';
import { queueKey } from './database';
import { StorageFailedError, StorageFullError } from './errors';
import { ValidationError } from './meta';
import { markSending } from './outbox';
import { failWrites, outboxFor, quotaError, useFreshDatabase } from './test-fixtures';
import { commit, commitBlind, whenWritesSettled, type Change } from './write-path';

const database = useFreshDatabase();

const FINDING_ID = OTHER_UUID;
const ANSWER_ID = `${INSPECTION_ID}:A1`;

function findingChange(patch: Record<string, unknown>, op: Change['op'] = 'upsert'): Change {
	return { entity: 'finding', entityId: FINDING_ID, inspectionId: INSPECTION_ID, op, patch };
}

/** A row change: merged into the waiting entry of its row. */
async function writeFinding(patch: Record<string, unknown>): Promise<void> {
	const d = database();
	await commit([d.findings], async () => {
		await d.findings.put(makeFinding({ id: FINDING_ID, ...patch }));
		return findingChange(patch);
	});
}

function fieldRow(field: AnswerField['field'], value: unknown): AnswerField {
	return {
		key: answerFieldKey(INSPECTION_ID, 'A1', field),
		inspectionId: INSPECTION_ID,
		itemId: 'A1',
		field,
		value,
		at: new Date().toISOString(),
		by: 'Nguyễn Văn An',
		deviceId: 'dev-1'
	} as AnswerField;
}

/** An answer-field change, as answers.save makes it: staged, synchronous and blind. */
function writeField(field: AnswerField['field'], value: unknown): Promise<void> {
	const d = database();
	return commitBlind([d.answerFields], (stage) => {
		stage(d.answerFields.put(fieldRow(field, value)));
		return [
			{
				entity: 'answer',
				entityId: ANSWER_ID,
				inspectionId: INSPECTION_ID,
				op: 'upsert',
				field,
				patch: { [field]: value }
			}
		];
	});
}

describe('commit', () => {
	it('writes the row and its queue entry together', async () => {
		await writeFinding({ severity: 'high' });
		expect(await database().findings.get(FINDING_ID)).toMatchObject({ severity: 'high' });
		const [entry, ...rest] = await outboxFor('finding', FINDING_ID);
		expect(rest).toHaveLength(0);
		expect(entry).toMatchObject({
			key: queueKey('finding', FINDING_ID),
			entity: 'finding',
			entityId: FINDING_ID,
			inspectionId: INSPECTION_ID,
			op: 'upsert',
			patch: { severity: 'high' },
			state: 'pending'
		});
		expect(entry).not.toHaveProperty('field');
		expect(entry?.mutationId).toMatch(/^[0-9a-f-]{36}$/);
		expect(Date.parse(entry?.at ?? '')).not.toBeNaN();
	});

	it('writes what a synchronous write staged without awaiting, with its entry', async () => {
		await writeField('result', 'pass');
		expect(
			await database().answerFields.get(answerFieldKey(INSPECTION_ID, 'A1', 'result'))
		).toMatchObject({ value: 'pass' });
		const [entry, ...rest] = await outboxFor('answer', ANSWER_ID);
		expect(rest).toHaveLength(0);
		expect(entry).toMatchObject({
			key: queueKey('answer', ANSWER_ID, 'result'),
			op: 'upsert',
			patch: { result: 'pass' },
			state: 'pending'
		});
	});

	it('queues every change a write returns, and nothing for an empty list', async () => {
		const d = database();
		await commit([d.findings], async () => [
			findingChange({ severity: 'low' }),
			{
				entity: 'inspection',
				entityId: INSPECTION_ID,
				inspectionId: INSPECTION_ID,
				op: 'upsert',
				patch: { status: 'in-progress' }
			}
		]);
		expect(await d.queue.count()).toBe(2);
		await commit([d.findings], async () => []);
		await commit([d.findings], () => []);
		expect(await d.queue.count()).toBe(2);
	});

	it('writes nothing when the write throws after touching the row', async () => {
		const d = database();
		const boom = new Error('boom');
		const failing = commit([d.findings], async () => {
			await d.findings.put(makeFinding({ id: FINDING_ID }));
			throw boom;
		});
		await expect(failing).rejects.toBeInstanceOf(StorageFailedError);
		await expect(failing).rejects.toMatchObject({ cause: boom });
		expect(await d.findings.count()).toBe(0);
		expect(await d.queue.count()).toBe(0);
	});

	it('rolls the row back when the queue write hits the quota', async () => {
		const d = database();
		vi.spyOn(d.queue, 'bulkPut').mockRejectedValue(quotaError());
		vi.spyOn(d.queue, 'put').mockRejectedValue(quotaError());
		await expect(writeFinding({ severity: 'high' })).rejects.toBeInstanceOf(StorageFullError);
		await expect(writeField('note', 'x')).rejects.toBeInstanceOf(StorageFullError);
		expect(await d.findings.count()).toBe(0);
		expect(await d.answerFields.count()).toBe(0);
		expect(await d.queue.count()).toBe(0);
	});

	it('rolls the queue entry back when a staged row write hits the quota', async () => {
		const d = database();
		vi.spyOn(d.answerFields, 'bulkPut').mockRejectedValue(quotaError());
		vi.spyOn(d.answerFields, 'put').mockRejectedValue(quotaError());
		await expect(writeField('result', 'fail')).rejects.toBeInstanceOf(StorageFullError);
		expect(await d.answerFields.count()).toBe(0);
		expect(await d.queue.count()).toBe(0);
	});

	it('recognises a quota error wrapped in Dexie’s AbortError', async () => {
		const d = database();
		const aborted = new Dexie.AbortError('Transaction aborted', quotaError());
		failWrites(d.queue, aborted);
		const failing = writeFinding({ severity: 'high' });
		await expect(failing).rejects.toBeInstanceOf(StorageFullError);
		await expect(failing).rejects.toMatchObject({ cause: aborted });
		expect(await d.findings.count()).toBe(0);
	});

	it('keeps an async write in its transaction across awaits, so a late failure undoes it all', async () => {
		// Written after native awaits, as a caller's async write does: all of it must roll back.
		const d = database();
		await d.findings.put(makeFinding({ id: FINDING_ID, severity: 'low' }));
		failWrites(d.queue);
		const failing = commit([d.findings, d.answerFields], async (stage) => {
			const current = await d.findings.get(FINDING_ID);
			await d.findings.put({ ...makeFinding({ id: FINDING_ID }), severity: 'high' });
			await d.findings.get(FINDING_ID);
			stage(d.answerFields.put(fieldRow('result', current?.severity === 'low' ? 'fail' : 'pass')));
			return findingChange({ severity: 'high' });
		});
		await expect(failing).rejects.toBeInstanceOf(StorageFullError);
		expect((await d.findings.get(FINDING_ID))?.severity).toBe('low');
		expect(await d.answerFields.count()).toBe(0);
	});

	it('keeps a synchronous write that goes on asynchronously in its transaction', async () => {
		// The first answer of a draft: staged at once, then a read and one more staged write.
		const d = database();
		await d.findings.put(makeFinding({ id: FINDING_ID, severity: 'low' }));
		vi.spyOn(d.answerFields, 'put').mockRejectedValue(quotaError());
		const failing = commit([d.answerFields, d.findings], (stage) => {
			stage(d.answerFields.put(fieldRow('result', 'pass')));
			const more = async (): Promise<Change[]> => {
				await d.findings.get(FINDING_ID);
				stage(d.findings.update(FINDING_ID, { severity: 'high' }));
				return [findingChange({ severity: 'high' })];
			};
			return more();
		});
		await expect(failing).rejects.toBeInstanceOf(StorageFullError);
		expect((await d.findings.get(FINDING_ID))?.severity).toBe('low');
		expect(await d.queue.count()).toBe(0);

		// And without a failure, everything lands.
		vi.restoreAllMocks();
		await commit([d.answerFields, d.findings], (stage) => {
			stage(d.answerFields.put(fieldRow('result', 'pass')));
			return d.findings.get(FINDING_ID).then(() => {
				stage(d.findings.update(FINDING_ID, { severity: 'high' }));
				return [findingChange({ severity: 'high' })];
			});
		});
		expect((await d.findings.get(FINDING_ID))?.severity).toBe('high');
		expect(await d.answerFields.count()).toBe(1);
		expect(await d.queue.count()).toBe(1);
	});

	it('runs an async write that makes no request of its own, as Dexie needs for native awaits', async () => {
		// Given a plain (non-async) scope, Dexie lets such a transaction commit before the queue
		// write and reports PrematureCommitError.
		const d = database();
		await commit([d.findings], async () => findingChange({ severity: 'high' }));
		await commit([d.findings], async () => {
			await Promise.resolve();
			return findingChange({ description: 'sau' });
		});
		expect((await outboxFor('finding', FINDING_ID))[0]?.patch).toEqual({
			severity: 'high',
			description: 'sau'
		});
	});

	it('passes a ValidationError raised inside the transaction through', async () => {
		const d = database();
		const failing = commit([d.findings], async () => {
			await d.findings.put(makeFinding({ id: FINDING_ID }));
			throw new ValidationError('not-found');
		});
		await expect(failing).rejects.toBeInstanceOf(ValidationError);
		await expect(failing).rejects.toMatchObject({ code: 'not-found' });
		expect(await d.findings.count()).toBe(0);
	});

	it('passes a ZodError raised inside the transaction through', async () => {
		const d = database();
		const zod = z.string().safeParse(1).error;
		const failing = commit([d.findings], async () => {
			await d.findings.put(makeFinding({ id: FINDING_ID }));
			throw zod;
		});
		await expect(failing).rejects.toBe(zod);
		expect(await d.findings.count()).toBe(0);
		expect(await d.queue.count()).toBe(0);
	});
});

describe('queue entries of a row', () => {
	it('merges repeated saves of one row into one pending entry with the latest fields', async () => {
		await writeFinding({ severity: 'high', description: 'a' });
		const [first] = await outboxFor('finding', FINDING_ID);
		await writeFinding({ severity: 'low' });
		await writeFinding({ deadline: null });
		const entries = await outboxFor('finding', FINDING_ID);
		expect(entries).toHaveLength(1);
		expect(entries[0]?.patch).toEqual({ severity: 'low', description: 'a', deadline: null });
		expect(entries[0]?.mutationId).toBe(first?.mutationId);
		expect(entries[0]?.key).toBe(first?.key);
		expect((entries[0]?.at ?? '') >= (first?.at ?? '')).toBe(true);
	});

	it('never merges into an entry that is being sent', async () => {
		await writeFinding({ severity: 'high' });
		const [pending] = await outboxFor('finding', FINDING_ID);
		const sent = await markSending([pending?.key ?? '']);
		expect(sent.map((e) => e.key)).toEqual([`sent:${pending?.mutationId}`]);

		await writeFinding({ severity: 'low' });
		const entries = await outboxFor('finding', FINDING_ID);
		expect(entries).toHaveLength(2);
		expect(entries[0]).toMatchObject({
			key: `sent:${pending?.mutationId}`,
			state: 'sending',
			patch: { severity: 'high' }
		});
		expect(entries[1]).toMatchObject({
			key: queueKey('finding', FINDING_ID),
			state: 'pending',
			patch: { severity: 'low' }
		});
		expect(entries[1]?.mutationId).not.toBe(entries[0]?.mutationId);

		await writeFinding({ description: 'x' });
		const after = await outboxFor('finding', FINDING_ID);
		expect(after).toHaveLength(2);
		expect(after[0]).toEqual(entries[0]);
		expect(after[1]?.patch).toEqual({ severity: 'low', description: 'x' });
		expect(after[1]?.mutationId).toBe(entries[1]?.mutationId);
	});

	it('turns pending upserts followed by a delete into one delete', async () => {
		const d = database();
		await writeFinding({ severity: 'high' });
		await writeFinding({ description: 'n' });
		const [before] = await outboxFor('finding', FINDING_ID);
		await commit([d.findings], async () => {
			await d.findings.delete(FINDING_ID);
			return findingChange({ inspectionId: INSPECTION_ID }, 'delete');
		});
		const entries = await outboxFor('finding', FINDING_ID);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ op: 'delete', patch: {}, state: 'pending' });
		expect(entries[0]?.inspectionId).toBe(INSPECTION_ID);
		expect(entries[0]?.mutationId).toBe(before?.mutationId);
	});

	it('turns a pending delete followed by an upsert into an upsert of just the new fields', async () => {
		const d = database();
		await commit([d.findings], async () => findingChange({ description: 'gone' }, 'delete'));
		const [deleted] = await outboxFor('finding', FINDING_ID);
		expect(deleted).toMatchObject({ op: 'delete' });
		await writeFinding({ severity: 'low' });
		const entries = await outboxFor('finding', FINDING_ID);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ op: 'upsert', patch: { severity: 'low' } });
		expect(entries[0]?.patch).not.toHaveProperty('description');
	});

	it('keeps entries of different rows apart', async () => {
		const d = database();
		await writeFinding({ severity: 'high' });
		await commit([d.findings], async () => ({
			entity: 'finding',
			entityId: crypto.randomUUID(),
			inspectionId: INSPECTION_ID,
			op: 'upsert',
			patch: { severity: 'low' }
		}));
		await commit([d.findings], async () => ({
			entity: 'inspection',
			entityId: FINDING_ID,
			inspectionId: FINDING_ID,
			op: 'upsert',
			patch: { status: 'completed' }
		}));
		expect(await d.queue.count()).toBe(3);
		expect(await outboxFor('finding', FINDING_ID)).toHaveLength(1);
	});
});

describe('queue entries of an answer field', () => {
	it('are written in one transaction with their row, in a plain (not async) scope', async () => {
		const d = database();
		const transaction = vi.spyOn(d, 'transaction');
		await writeField('result', 'pass');
		expect(transaction).toHaveBeenCalledTimes(1);
		const [mode, tables, scope] = transaction.mock.calls[0] as unknown[];
		expect(mode).toBe('rw');
		expect(tables).toEqual([d.answerFields, d.queue]);
		expect((scope as () => unknown).constructor.name).toBe('Function');
		expect(await d.answerFields.count()).toBe(1);
		expect(await d.queue.count()).toBe(1);
	});

	it('are written blind: nothing is read, from the queue or anywhere else', async () => {
		const d = database();
		await writeField('result', 'fail');
		const reads = [
			vi.spyOn(d.queue, 'get'),
			vi.spyOn(d.queue, 'bulkGet'),
			vi.spyOn(d.answerFields, 'get'),
			vi.spyOn(d.answerFields, 'bulkGet')
		];
		await writeField('result', 'pass');
		for (const read of reads) expect(read).not.toHaveBeenCalled();
		expect(await outboxFor('answer', ANSWER_ID)).toHaveLength(1);
	});

	it('hold that field’s latest value and nothing else: a second save replaces the first', async () => {
		await writeField('result', 'fail');
		const d = database();
		// A waiting entry with more in it than its field, to show that nothing is merged.
		await d.queue.update(queueKey('answer', ANSWER_ID, 'result'), {
			patch: { result: 'fail', note: 'stale' }
		});
		await writeField('result', 'pass');
		const entries = await outboxFor('answer', ANSWER_ID);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			key: queueKey('answer', ANSWER_ID, 'result'),
			op: 'upsert',
			state: 'pending',
			patch: { result: 'pass' }
		});
		expect(entries[0]?.patch).not.toHaveProperty('note');
	});

	it('wait one per field: two fields of one answer never overwrite each other', async () => {
		await writeField('result', 'fail');
		await writeField('note', 'Thiếu sổ');
		await writeField('result', 'pass');
		const entries = await outboxFor('answer', ANSWER_ID);
		expect(entries.map((e) => [e.key, e.patch])).toEqual(
			expect.arrayContaining([
				[queueKey('answer', ANSWER_ID, 'note'), { note: 'Thiếu sổ' }],
				[queueKey('answer', ANSWER_ID, 'result'), { result: 'pass' }]
			])
		);
		expect(entries).toHaveLength(2);
		// A whole-row change of the same answer waits under its own key.
		const d = database();
		await commit([d.answerFields], () => ({
			entity: 'answer',
			entityId: ANSWER_ID,
			inspectionId: INSPECTION_ID,
			op: 'upsert',
			patch: { value: 3 }
		}));
		expect(await d.queue.get(queueKey('answer', ANSWER_ID))).toMatchObject({ patch: { value: 3 } });
		expect(await outboxFor('answer', ANSWER_ID)).toHaveLength(3);
	});

	it('start a new entry once the waiting one is in a push, and leave the sent one alone', async () => {
		await writeField('note', 'lần 1');
		const [first] = await outboxFor('answer', ANSWER_ID);
		await markSending([first?.key ?? '']);
		await writeField('note', 'lần 2');
		await writeField('note', 'lần 3');
		const entries = await outboxFor('answer', ANSWER_ID);
		expect(entries).toHaveLength(2);
		expect(entries[0]).toMatchObject({
			key: `sent:${first?.mutationId}`,
			mutationId: first?.mutationId,
			state: 'sending',
			patch: { note: 'lần 1' }
		});
		expect(entries[1]).toMatchObject({
			key: queueKey('answer', ANSWER_ID, 'note'),
			state: 'pending',
			patch: { note: 'lần 3' }
		});
		expect(entries[1]?.mutationId).not.toBe(first?.mutationId);
	});
});

describe('queueKey', () => {
	it('keys a waiting change by entity and id, and per field when given', () => {
		expect(queueKey('finding', FINDING_ID)).toBe(`pending:finding:${FINDING_ID}`);
		expect(queueKey('answer', ANSWER_ID, 'note')).toBe(`pending:answer:${ANSWER_ID}:note`);
		expect(queueKey('answer', ANSWER_ID, 'note')).not.toBe(queueKey('answer', ANSWER_ID, 'value'));
		expect(queueKey('inspection', INSPECTION_ID)).not.toBe(
			queueKey('indicatorValues', INSPECTION_ID)
		);
	});
});

describe('whenWritesSettled', () => {
	it('resolves at once when nothing is being written', async () => {
		await expect(whenWritesSettled()).resolves.toBeUndefined();
	});

	it('resolves only after an in-flight commit has landed', async () => {
		const d = database();
		const order: string[] = [];
		const writing = commit([d.findings], async () => {
			order.push('write');
			await d.findings.put(makeFinding({ id: FINDING_ID }));
			await d.findings.get(FINDING_ID);
			order.push('written');
			return findingChange({ severity: 'high' });
		});
		const settled = whenWritesSettled().then(async () => {
			order.push('settled');
			expect(await d.findings.get(FINDING_ID)).toBeDefined();
			expect(await d.queue.count()).toBe(1);
		});
		await Promise.all([writing, settled]);
		expect(order).toEqual(['write', 'written', 'settled']);
	});

	it('waits for every concurrent commit, and resolves after a failed one too', async () => {
		const d = database();
		let settledAt = -1;
		let landed = 0;
		const first = writeFinding({ severity: 'high' }).then(() => landed++);
		const failing = commit([d.findings], async () => {
			throw new Error('boom');
		}).catch(() => landed++);
		const second = writeField('result', 'pass').then(() => landed++);
		const settled = whenWritesSettled().then(() => {
			settledAt = landed;
		});
		await Promise.all([first, failing, second, settled]);
		expect(settledAt).toBeGreaterThanOrEqual(2);
		expect(landed).toBe(3);
		await expect(whenWritesSettled()).resolves.toBeUndefined();
	});
});
