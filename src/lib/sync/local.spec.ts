import { describe, expect, it } from 'vitest';
import type { Change, FieldState } from './protocol';
import * as answers from '$lib/db/answers';
import { syncStateKey } from '$lib/db/database';
import * as findings from '$lib/db/findings';
import { countPending, listRejected } from '$lib/db/outbox';
import { COUNT, PASS_FAIL, createInspection, useFreshDatabase } from '$lib/db/test-fixtures';
import { acknowledge, applyPulled, nextPushBatch, pullCursor } from './local';

const database = useFreshDatabase();

function field(value: unknown, version: number, deviceId = 'dev-other'): FieldState {
	return { value, version, by: 'Trần Thị Bình', deviceId, at: '2025-08-15T09:00:00.000Z' };
}

function change(partial: Partial<Change> & Pick<Change, 'entity' | 'entityId'>): Change {
	return { version: 1, inspectionId: null, deleted: false, fields: {}, ...partial };
}

describe('nextPushBatch', () => {
	it('marks what it takes as sent and gives each field the version last seen, 0 when never', async () => {
		const inspection = await createInspection();
		await answers.save({ ...inspection, status: 'in-progress' }, PASS_FAIL, { result: 'fail' });
		const answerId = `${inspection.id}:A1`;
		await database().syncState.put({
			key: syncStateKey('answer', answerId),
			inspectionId: inspection.id,
			versions: { result: 41 }
		});

		const batch = await nextPushBatch(100);
		expect(batch.map((m) => m.entity)).toEqual(['inspection', 'answer']);
		expect(batch[1]?.base).toEqual({ result: 41 });
		expect(batch[0]?.base['status']).toBe(0);
		const keys = (await database().queue.toArray()).map((e) => e.key).sort();
		expect(keys).toEqual(batch.map((m) => `sent:${m.mutationId}`).sort());

		// Not acknowledged (the response was lost): the same mutations go again, same ids.
		const again = await nextPushBatch(100);
		expect(again.map((m) => m.mutationId)).toEqual(batch.map((m) => m.mutationId));
	});

	it('takes at most the limit, inspections first', async () => {
		const inspection = await createInspection();
		await answers.save({ ...inspection, status: 'in-progress' }, PASS_FAIL, { result: 'pass' });
		await answers.save({ ...inspection, status: 'in-progress' }, COUNT, { value: 3 });
		const batch = await nextPushBatch(2);
		expect(batch).toHaveLength(2);
		expect(batch[0]?.entity).toBe('inspection');
		expect(await database().queue.where('key').startsWith('pending:').count()).toBe(1);
	});
});

describe('acknowledge', () => {
	it('removes what the server took, remembers its versions, and sets refused changes aside', async () => {
		const inspection = await createInspection();
		await answers.save({ ...inspection, status: 'in-progress' }, PASS_FAIL, { result: 'fail' });
		const [first, second] = await nextPushBatch(100);
		if (!first || !second) throw new Error('expected two mutations');
		await acknowledge([
			{ mutationId: first.mutationId, status: 'applied', version: 10 },
			{
				mutationId: second.mutationId,
				status: 'rejected',
				reason: 'signed',
				message: 'Biên bản đã ký.'
			}
		]);

		expect(await countPending()).toBe(0);
		const rejected = await listRejected();
		expect(rejected).toHaveLength(1);
		expect(rejected[0]).toMatchObject({
			mutationId: second.mutationId,
			state: 'rejected',
			rejection: { reason: 'signed', message: 'Biên bản đã ký.' }
		});
		const state = await database().syncState.get(syncStateKey('inspection', inspection.id));
		expect(state?.versions['status']).toBe(10);
		expect(state?.versions['inspectionId']).toBeUndefined();
		expect(await nextPushBatch(100)).toEqual([]);
	});

	it('ignores results for mutations it does not hold (an answer to an older push)', async () => {
		await acknowledge([
			{ mutationId: '0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4', status: 'duplicate', version: 3 }
		]);
		expect(await database().syncState.count()).toBe(0);
	});
});

describe('applyPulled', () => {
	it('lands a full page of answers in one transaction', async () => {
		const inspection = await createInspection();
		const changes = Array.from({ length: 500 }, (_, i) =>
			change({
				entity: 'answer',
				entityId: `${inspection.id}:X${i}`,
				inspectionId: inspection.id,
				version: i + 1,
				fields: {
					result: field('pass', i + 1),
					note: field(`Ghi chú ${i}`, i + 1),
					answeredBy: field('Trần Thị Bình', i + 1)
				}
			})
		);
		await applyPulled(changes, 500);
		expect(await database().answerFields.where('inspectionId').equals(inspection.id).count()).toBe(
			1000
		);
		expect((await database().answerFields.get(`${inspection.id}:X7:note`))?.by).toBe(
			'Trần Thị Bình'
		);
		expect(await database().syncState.count()).toBe(500);
	});

	it('applies a page in order: an answer deleted after it was written in the same page stays deleted', async () => {
		const inspection = await createInspection();
		const id = `${inspection.id}:A2`;
		const answer = (version: number, value: string) =>
			change({
				entity: 'answer',
				entityId: id,
				inspectionId: inspection.id,
				version,
				fields: { result: field(value, version) }
			});
		const gone = change({
			entity: 'answer',
			entityId: id,
			inspectionId: inspection.id,
			version: 3,
			deleted: true
		});
		await applyPulled([answer(1, 'pass'), answer(2, 'fail'), gone], 3);
		expect(await database().answerFields.get(`${id}:result`)).toBeUndefined();
		expect(await database().syncState.get(syncStateKey('answer', id))).toBeUndefined();

		await applyPulled([answer(4, 'na')], 4);
		expect((await database().answerFields.get(`${id}:result`))?.value).toBe('na');
		expect((await database().syncState.get(syncStateKey('answer', id)))?.versions).toEqual({
			result: 4
		});
	});

	it('writes pulled rows without queueing anything, and remembers the cursor', async () => {
		const inspection = await createInspection();
		await acknowledge(
			(await nextPushBatch(100)).map((m) => ({
				mutationId: m.mutationId,
				status: 'applied',
				version: 1
			}))
		);
		const answerId = `${inspection.id}:A1`;
		await applyPulled(
			[
				change({
					entity: 'answer',
					entityId: answerId,
					inspectionId: inspection.id,
					version: 5,
					fields: { result: field('fail', 5), note: field('Thiếu bảng niêm yết', 5) }
				}),
				change({
					entity: 'inspection',
					entityId: inspection.id,
					inspectionId: inspection.id,
					version: 6,
					fields: { status: field('in-progress', 6) }
				})
			],
			6
		);
		const answer = (await answers.mapFor(inspection.id)).get('A1');
		expect(answer).toMatchObject({
			result: 'fail',
			note: 'Thiếu bảng niêm yết',
			answeredBy: 'Trần Thị Bình'
		});
		expect((await database().inspections.get(inspection.id))?.status).toBe('in-progress');
		expect(await countPending()).toBe(0);
		expect(await pullCursor()).toBe(6);
	});

	it('keeps a field with its own edit waiting, and does not advance that field’s base', async () => {
		const inspection = await createInspection();
		await answers.save({ ...inspection, status: 'in-progress' }, PASS_FAIL, { result: 'pass' });
		const answerId = `${inspection.id}:A1`;
		await applyPulled(
			[
				change({
					entity: 'answer',
					entityId: answerId,
					inspectionId: inspection.id,
					version: 7,
					fields: { result: field('fail', 7), note: field('ghi chú khác', 7) }
				})
			],
			7
		);
		const answer = (await answers.mapFor(inspection.id)).get('A1');
		expect(answer?.result).toBe('pass');
		expect(answer?.note).toBe('ghi chú khác');
		const batch = await nextPushBatch(100);
		expect(batch.find((m) => m.entity === 'answer')?.base).toEqual({ result: 0 });
	});

	it('ignores versions it has already seen, and drops deleted rows unless an edit of them waits', async () => {
		const inspection = await createInspection();
		const kept = await findings.save({
			inspectionId: inspection.id,
			itemId: null,
			description: 'Chưa công khai số điện thoại đường dây nóng',
			severity: 'medium',
			legalBasis: '',
			requiredAction: '',
			responsibleParty: '',
			deadline: null
		});
		await acknowledge(
			(await nextPushBatch(100)).map((m) => ({
				mutationId: m.mutationId,
				status: 'applied',
				version: 9
			}))
		);
		await applyPulled(
			[
				change({
					entity: 'finding',
					entityId: kept.id,
					inspectionId: inspection.id,
					version: 8,
					fields: { severity: field('low', 8) }
				})
			],
			9
		);
		expect((await database().findings.get(kept.id))?.severity).toBe('medium');

		await findings.save({ ...kept, severity: 'high' });
		const tombstone = change({
			entity: 'finding',
			entityId: kept.id,
			inspectionId: inspection.id,
			version: 12,
			deleted: true
		});
		await applyPulled([tombstone], 12);
		expect(await database().findings.get(kept.id)).toBeDefined();
		await acknowledge(
			(await nextPushBatch(100)).map((m) => ({
				mutationId: m.mutationId,
				status: 'applied',
				version: 13
			}))
		);
		await applyPulled([{ ...tombstone, version: 14 }], 14);
		expect(await database().findings.get(kept.id)).toBeUndefined();
	});
});

describe('a pulled value held back for a waiting edit', () => {
	it('is pulled again after the edit is acknowledged, so a later write of another device wins', async () => {
		const inspection = await createInspection();
		await acknowledge(
			(await nextPushBatch(100)).map((m) => ({
				mutationId: m.mutationId,
				status: 'applied',
				version: 1
			}))
		);
		await answers.save({ ...inspection, status: 'in-progress' }, PASS_FAIL, { result: 'pass' });
		// The push reached the server (version 2) but its answer was lost.
		const [sent] = await nextPushBatch(100);
		if (!sent) throw new Error('expected a mutation');
		// Another device wrote after it (version 3); this device still waits for its answer.
		const later = change({
			entity: 'answer',
			entityId: `${inspection.id}:A1`,
			inspectionId: inspection.id,
			version: 3,
			fields: { result: field('fail', 3) }
		});
		expect(await pullCursor()).toBe(0);
		await applyPulled([later], 3);
		expect((await answers.mapFor(inspection.id)).get('A1')?.result).toBe('pass');
		// The retry is answered "duplicate" with the first version; the next round pulls again.
		await acknowledge([{ mutationId: sent.mutationId, status: 'duplicate', version: 2 }]);
		const cursor = await pullCursor();
		expect(cursor).toBe(2);
		await applyPulled([later], 3);
		expect((await answers.mapFor(inspection.id)).get('A1')?.result).toBe('fail');
		expect(await pullCursor()).toBe(3);
	});
});
