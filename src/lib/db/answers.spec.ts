import { Dexie } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import type { Inspection } from '$lib/domain';
import * as answers from './answers';
import { StorageFailedError, StorageFullError } from './errors';
import * as inspections from './inspections';
import { ValidationError, deviceId, setInspectorName } from './meta';
import {
	COUNT,
	DATE,
	PASS_FAIL,
	PERCENT,
	TEXT,
	createInspection,
	outboxFor,
	snapshot,
	useFreshDatabase
} from './test-fixtures';

const database = useFreshDatabase();

const answerKey = (inspection: Inspection, itemId: string) => `${inspection.id}:${itemId}`;

describe('answers.save', () => {
	it('stores the answer with who and which device said it', async () => {
		await setInspectorName('Lê Văn Cường');
		const inspection = await createInspection();
		const saved = await answers.save(inspection, PASS_FAIL, { result: 'pass' });

		const device = await deviceId();
		expect(saved).toMatchObject({
			id: answerKey(inspection, 'A1'),
			inspectionId: inspection.id,
			itemId: 'A1',
			result: 'pass',
			value: null,
			note: '',
			answeredBy: 'Lê Văn Cường',
			deviceId: device
		});
		expect(await database().answers.get(saved.id)).toEqual(saved);

		const [entry, ...rest] = await outboxFor('answer', saved.id);
		expect(rest).toHaveLength(0);
		expect(entry).toMatchObject({ op: 'upsert', inspectionId: inspection.id, state: 'pending' });
		expect(entry?.patch).toEqual({
			inspectionId: inspection.id,
			itemId: 'A1',
			result: 'pass',
			answeredAt: saved.answeredAt,
			answeredBy: 'Lê Văn Cường',
			deviceId: device
		});
	});

	it('moves a draft inspection to in-progress, in the row and in the outbox', async () => {
		const inspection = await createInspection();
		expect(inspection.status).toBe('draft');
		await answers.save(inspection, PASS_FAIL, { result: 'fail' });

		const stored = await inspections.get(inspection.id);
		expect(stored?.status).toBe('in-progress');
		expect((stored?.updatedAt ?? '') >= inspection.updatedAt).toBe(true);
		const entries = await outboxFor('inspection', inspection.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]?.patch).toMatchObject({
			status: 'in-progress',
			updatedAt: stored?.updatedAt
		});
	});

	it('leaves the status of a started or completed inspection alone', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, { result: 'pass' });
		await inspections.setStatus(inspection.id, 'completed');
		await database().outbox.clear();

		await answers.save(inspection, COUNT, { value: 4 });
		expect((await inspections.get(inspection.id))?.status).toBe('completed');
		// Later answers leave the inspection row, and its outbox, alone.
		expect(await outboxFor('inspection', inspection.id)).toEqual([]);
	});

	it('changes only the fields given: the note stays when the result changes', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, {
			result: 'fail',
			value: 2,
			note: 'Thiếu 2 thủ tục'
		});
		await database().outbox.clear();

		const saved = await answers.save(inspection, PASS_FAIL, { result: 'pass' });
		expect(saved).toMatchObject({ result: 'pass', value: 2, note: 'Thiếu 2 thủ tục' });
		expect(await database().answers.get(saved.id)).toMatchObject({
			result: 'pass',
			value: 2,
			note: 'Thiếu 2 thủ tục'
		});

		const [entry] = await outboxFor('answer', saved.id);
		expect(Object.keys(entry?.patch ?? {}).sort()).toEqual(
			['answeredAt', 'answeredBy', 'deviceId', 'result'].sort()
		);
	});

	it('treats a field given as undefined as not given', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, { result: 'fail', note: 'giữ lại' });
		const saved = await answers.save(inspection, PASS_FAIL, { result: 'pass', note: undefined });
		expect(saved).toMatchObject({ result: 'pass', note: 'giữ lại' });
		const [entry] = await outboxFor('answer', saved.id);
		expect(entry?.patch).toMatchObject({ result: 'pass', note: 'giữ lại' });
	});

	it('clears a value with null', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, COUNT, { value: 5 });
		const saved = await answers.save(inspection, COUNT, { value: null });
		expect(saved.value).toBeNull();
		const [entry] = await outboxFor('answer', saved.id);
		expect(entry?.patch).toMatchObject({ value: null });
	});

	it('stores notes NFC-normalised and trimmed, in the row and the outbox', async () => {
		const inspection = await createInspection();
		const nfd = 'Chưa niêm yết thủ tục đất đai'.normalize('NFD');
		expect(nfd).not.toBe('Chưa niêm yết thủ tục đất đai');
		const saved = await answers.save(inspection, TEXT, { value: ` ${nfd} `, note: `${nfd}\n` });
		expect(saved.note).toBe('Chưa niêm yết thủ tục đất đai');
		expect(saved.value).toBe('Chưa niêm yết thủ tục đất đai');
		expect((await database().answers.get(saved.id))?.note).toBe('Chưa niêm yết thủ tục đất đai');
		const [entry] = await outboxFor('answer', saved.id);
		expect(entry?.patch['note']).toBe('Chưa niêm yết thủ tục đất đai');
	});

	it('accepts valid numbers, percents and dates in the period', async () => {
		const inspection = await createInspection();
		expect((await answers.save(inspection, COUNT, { value: 0 })).value).toBe(0);
		expect((await answers.save(inspection, PERCENT, { value: 99.5 })).value).toBe(99.5);
		expect((await answers.save(inspection, DATE, { value: '2025-06-30' })).value).toBe(
			'2025-06-30'
		);
		expect(await answers.listFor(inspection.id)).toHaveLength(3);
	});

	it('merges five saves of one answer into one pending entry with the latest values', async () => {
		const inspection = await createInspection();
		const results = ['pass', 'fail', 'na', 'fail', 'pass'] as const;
		let last;
		for (const [i, result] of results.entries()) {
			last = await answers.save(inspection, PASS_FAIL, { result, note: `lần ${i + 1}` });
		}
		const entries = await outboxFor('answer', answerKey(inspection, 'A1'));
		expect(entries).toHaveLength(1);
		expect(entries[0]?.patch).toMatchObject({
			inspectionId: inspection.id,
			itemId: 'A1',
			result: 'pass',
			note: 'lần 5',
			answeredAt: last?.answeredAt
		});
		expect(await database().answers.count()).toBe(1);
		// The inspection's own entry (creation + touches) is merged too.
		expect(await outboxFor('inspection', inspection.id)).toHaveLength(1);
	});
});

describe('answers.save rejects invalid values before writing', () => {
	it.each([
		['a negative count', PASS_FAIL, -1, 'negative'],
		['a fraction of a count', COUNT, 2.5, 'fraction'],
		['a percent above 100', PERCENT, 100.1, 'percent-range'],
		['a date before the period', DATE, '2024-12-31', 'date-outside-period'],
		['a date after the period', DATE, '2025-07-01', 'date-outside-period'],
		['a malformed date', DATE, '31/12/2025', 'bad-date'],
		['text in a number', COUNT, 'mười', 'not-a-number']
	] as const)('%s', async (_label, item, value, code) => {
		const inspection = await createInspection();
		const before = await snapshot();
		const saving = answers.save(inspection, item, { value, result: 'pass' });
		await expect(saving).rejects.toBeInstanceOf(ValidationError);
		await expect(saving).rejects.toMatchObject({ code, field: 'value' });
		expect(await snapshot()).toEqual(before);
	});

	it('rejects a note that is too long without writing', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		await expect(
			answers.save(inspection, PASS_FAIL, { result: 'pass', note: 'x'.repeat(4001) })
		).rejects.toMatchObject({ name: 'ZodError' });
		expect(await snapshot()).toEqual(before);
	});
});

describe('answers.save when storage fails', () => {
	it('writes neither row nor outbox entry when the outbox add hits the quota', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		vi.spyOn(database().outbox, 'add').mockRejectedValue(
			new DOMException('full', 'QuotaExceededError')
		);
		await expect(answers.save(inspection, PASS_FAIL, { result: 'pass' })).rejects.toBeInstanceOf(
			StorageFullError
		);
		expect(await snapshot()).toEqual(before);
		expect((await inspections.get(inspection.id))?.status).toBe('draft');
	});

	it('keeps the earlier answer when merging into the outbox hits the quota', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, { result: 'fail', note: 'cũ' });
		const before = await snapshot();
		vi.spyOn(database().outbox, 'update').mockRejectedValue(
			new DOMException('full', 'QuotaExceededError')
		);
		await expect(
			answers.save(inspection, PASS_FAIL, { result: 'pass', note: 'mới' })
		).rejects.toBeInstanceOf(StorageFullError);
		expect(await snapshot()).toEqual(before);
		expect(await database().answers.get(answerKey(inspection, 'A1'))).toMatchObject({
			result: 'fail',
			note: 'cũ'
		});
	});

	it('recognises a quota error wrapped in Dexie’s AbortError', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		const quota = new DOMException('full', 'QuotaExceededError');
		const aborted = new Dexie.AbortError('Transaction aborted', quota);
		expect(aborted.inner).toBe(quota);
		vi.spyOn(database().outbox, 'add').mockRejectedValue(aborted);
		const saving = answers.save(inspection, PASS_FAIL, { result: 'pass' });
		await expect(saving).rejects.toBeInstanceOf(StorageFullError);
		await expect(saving).rejects.toMatchObject({ message: 'storage-full', cause: aborted });
		expect(await snapshot()).toEqual(before);
	});

	it('reports any other failure as StorageFailedError and writes nothing', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		vi.spyOn(database().outbox, 'add').mockRejectedValue(
			new DOMException('disk gone', 'UnknownError')
		);
		const saving = answers.save(inspection, PASS_FAIL, { result: 'pass' });
		await expect(saving).rejects.toBeInstanceOf(StorageFailedError);
		await expect(saving).rejects.toMatchObject({
			message: 'storage-failed',
			cause: { name: 'UnknownError' }
		});
		expect(await snapshot()).toEqual(before);
	});

	it('writes nothing when the answer row itself cannot be stored', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		vi.spyOn(database().answers, 'put').mockRejectedValue(
			new DOMException('full', 'QuotaExceededError')
		);
		await expect(answers.save(inspection, COUNT, { value: 1 })).rejects.toBeInstanceOf(
			StorageFullError
		);
		expect(await snapshot()).toEqual(before);
	});
});

describe('answers.listFor / mapFor', () => {
	it('returns the answers of one inspection only, keyed by item', async () => {
		const a = await createInspection();
		const b = await createInspection();
		await answers.save(a, PASS_FAIL, { result: 'pass' });
		await answers.save(a, COUNT, { value: 3 });
		await answers.save(b, PASS_FAIL, { result: 'fail' });

		expect((await answers.listFor(a.id)).map((x) => x.itemId).sort()).toEqual(['A1', 'A2']);
		const map = await answers.mapFor(b.id);
		expect([...map.keys()]).toEqual(['A1']);
		expect(map.get('A1')?.result).toBe('fail');
		expect(await answers.listFor(crypto.randomUUID())).toEqual([]);
	});
});
