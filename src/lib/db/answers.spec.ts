import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { AnswerSchema, answerFieldKey, type Inspection } from '$lib/domain';
import * as answers from './answers';
import { queueKey } from './database';
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
	failWrites,
	outboxFor,
	quotaError,
	snapshot,
	useFreshDatabase
} from './test-fixtures';

const database = useFreshDatabase();

const answerKey = (inspection: Inspection, itemId: string) => `${inspection.id}:${itemId}`;

/** Lets the clock move so two saves carry different times. */
const tick = () => new Promise((r) => setTimeout(r, 5));

/** As the screen sees an inspection once its first answer has started it. */
const started = (inspection: Inspection): Inspection => ({ ...inspection, status: 'in-progress' });

describe('answers.save', () => {
	it('stores the field with who and which device said it, and queues it', async () => {
		await setInspectorName('Lê Văn Cường');
		const inspection = await createInspection();
		const saved = await answers.save(inspection, PASS_FAIL, { result: 'pass' });

		const device = await deviceId();
		expect(saved).toHaveLength(1);
		const [row] = saved;
		expect(row).toEqual({
			key: answerFieldKey(inspection.id, 'A1', 'result'),
			inspectionId: inspection.id,
			itemId: 'A1',
			field: 'result',
			value: 'pass',
			at: row?.at,
			by: 'Lê Văn Cường',
			deviceId: device
		});
		expect(Date.parse(row?.at ?? '')).not.toBeNaN();
		expect(await database().answerFields.toArray()).toEqual(saved);

		const [entry, ...rest] = await outboxFor('answer', answerKey(inspection, 'A1'));
		expect(rest).toHaveLength(0);
		expect(entry).toMatchObject({
			key: queueKey('answer', answerKey(inspection, 'A1'), 'result'),
			op: 'upsert',
			inspectionId: inspection.id,
			state: 'pending'
		});
		expect(entry?.patch).toEqual({
			inspectionId: inspection.id,
			itemId: 'A1',
			result: 'pass',
			answeredAt: row?.at,
			answeredBy: 'Lê Văn Cường',
			deviceId: device
		});

		// Read back, the field rows fold into a whole, valid answer.
		const answer = (await answers.mapFor(inspection.id)).get('A1');
		expect(AnswerSchema.safeParse(answer).success).toBe(true);
		expect(answer).toEqual({
			id: answerKey(inspection, 'A1'),
			inspectionId: inspection.id,
			itemId: 'A1',
			result: 'pass',
			value: null,
			note: '',
			answeredAt: row?.at,
			answeredBy: 'Lê Văn Cường',
			deviceId: device
		});
	});

	it('writes one row and one queue entry per field given, each holding only its field', async () => {
		const inspection = await createInspection();
		const saved = await answers.save(started(inspection), PASS_FAIL, {
			result: 'fail',
			value: 2,
			note: 'Thiếu 2 thủ tục'
		});
		expect(saved.map((r) => [r.field, r.value])).toEqual([
			['result', 'fail'],
			['value', 2],
			['note', 'Thiếu 2 thủ tục']
		]);
		expect(await database().answerFields.count()).toBe(3);

		const entries = await outboxFor('answer', answerKey(inspection, 'A1'));
		expect(entries.map((e) => e.key).sort()).toEqual(
			['note', 'result', 'value'].map((f) => queueKey('answer', answerKey(inspection, 'A1'), f))
		);
		for (const entry of entries) {
			const field = entry.key.split(':').at(-1) ?? '';
			const others = ['result', 'value', 'note'].filter((f) => f !== field);
			expect(Object.keys(entry.patch)).toContain(field);
			for (const other of others) expect(entry.patch).not.toHaveProperty(other);
		}
		// Three different mutations: the server may apply each field on its own.
		expect(new Set(entries.map((e) => e.mutationId)).size).toBe(3);
	});

	it('moves a draft inspection to in-progress, in the row and in the queue', async () => {
		const inspection = await createInspection();
		expect(inspection.status).toBe('draft');
		const [row] = await answers.save(inspection, PASS_FAIL, { result: 'fail' });

		const stored = await inspections.get(inspection.id);
		expect(stored?.status).toBe('in-progress');
		expect(stored?.updatedAt).toBe(row?.at);
		expect((stored?.updatedAt ?? '') >= inspection.updatedAt).toBe(true);
		const entries = await outboxFor('inspection', inspection.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]?.patch).toMatchObject({
			status: 'in-progress',
			updatedAt: stored?.updatedAt
		});
	});

	it('reads the status inside the transaction: a stale draft on screen changes nothing', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, { result: 'pass' });
		await inspections.setStatus(inspection.id, 'completed');
		const completed = await inspections.get(inspection.id);
		await database().queue.clear();

		// The screen still holds the draft it loaded before the first answer.
		await answers.save(inspection, COUNT, { value: 4 });
		expect(await inspections.get(inspection.id)).toEqual(completed);
		expect(await outboxFor('inspection', inspection.id)).toEqual([]);
		expect(await outboxFor('answer', answerKey(inspection, 'A2'))).toHaveLength(1);
	});

	it('leaves the inspection row and its queue alone once the screen shows it started', async () => {
		const inspection = await createInspection();
		await database().queue.clear();
		const before = await inspections.get(inspection.id);

		// Not read at all: the answer tap touches only the answer's own rows.
		await answers.save(started(inspection), PASS_FAIL, { result: 'pass' });
		expect(await inspections.get(inspection.id)).toEqual(before);
		expect(await outboxFor('inspection', inspection.id)).toEqual([]);

		await inspections.setStatus(inspection.id, 'in-progress');
		await inspections.setStatus(inspection.id, 'completed');
		await database().queue.clear();
		await answers.save({ ...inspection, status: 'completed' }, COUNT, { value: 4 });
		expect((await inspections.get(inspection.id))?.status).toBe('completed');
		expect(await outboxFor('inspection', inspection.id)).toEqual([]);
	});

	it('changes only the fields given: the note stays when the result changes', async () => {
		const inspection = await createInspection();
		const first = await answers.save(inspection, PASS_FAIL, {
			result: 'fail',
			value: 2,
			note: 'Thiếu 2 thủ tục'
		});
		await database().queue.clear();
		await tick();

		const saved = await answers.save(inspection, PASS_FAIL, { result: 'pass' });
		expect(saved.map((r) => r.field)).toEqual(['result']);
		expect(await answers.mapFor(inspection.id)).toEqual(
			new Map([
				['A1', expect.objectContaining({ result: 'pass', value: 2, note: 'Thiếu 2 thủ tục' })]
			])
		);
		// The other fields' rows are not rewritten: they keep their own time.
		const untouched = first.filter((r) => r.field !== 'result');
		for (const row of untouched) {
			expect(await database().answerFields.get(row.key)).toEqual(row);
		}

		const entries = await outboxFor('answer', answerKey(inspection, 'A1'));
		expect(entries).toHaveLength(1);
		expect(Object.keys(entries[0]?.patch ?? {}).sort()).toEqual(
			['answeredAt', 'answeredBy', 'deviceId', 'inspectionId', 'itemId', 'result'].sort()
		);
	});

	it('treats a field given as undefined as not given', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, { result: 'fail', note: 'giữ lại' });
		const [noteEntry] = (await outboxFor('answer', answerKey(inspection, 'A1'))).filter((e) =>
			e.key.endsWith(':note')
		);

		const saved = await answers.save(inspection, PASS_FAIL, { result: 'pass', note: undefined });
		expect(saved.map((r) => r.field)).toEqual(['result']);
		expect((await answers.mapFor(inspection.id)).get('A1')).toMatchObject({
			result: 'pass',
			note: 'giữ lại'
		});
		const entries = await outboxFor('answer', answerKey(inspection, 'A1'));
		expect(entries).toHaveLength(2);
		expect(entries.find((e) => e.key.endsWith(':note'))).toEqual(noteEntry);
		expect(entries.find((e) => e.key.endsWith(':result'))?.patch['result']).toBe('pass');
	});

	it('writes nothing and returns no rows when no field is given', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		expect(await answers.save(inspection, PASS_FAIL, {})).toEqual([]);
		expect(await answers.save(inspection, PASS_FAIL, { note: undefined })).toEqual([]);
		expect(await snapshot()).toEqual(before);
		expect((await inspections.get(inspection.id))?.status).toBe('draft');
	});

	it('clears a value with null', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, COUNT, { value: 5 });
		const [row] = await answers.save(inspection, COUNT, { value: null });
		expect(row?.value).toBeNull();
		expect((await answers.mapFor(inspection.id)).get('A2')?.value).toBeNull();
		const [entry, ...rest] = await outboxFor('answer', answerKey(inspection, 'A2'));
		expect(rest).toHaveLength(0);
		expect(entry?.patch).toMatchObject({ value: null });
	});

	it('stores notes NFC-normalised and trimmed, in the row and the queue', async () => {
		const inspection = await createInspection();
		const nfd = 'Chưa niêm yết thủ tục đất đai'.normalize('NFD');
		expect(nfd).not.toBe('Chưa niêm yết thủ tục đất đai');
		const saved = await answers.save(inspection, TEXT, { value: ` ${nfd} `, note: `${nfd}\n` });
		expect(saved.map((r) => r.value)).toEqual([
			'Chưa niêm yết thủ tục đất đai',
			'Chưa niêm yết thủ tục đất đai'
		]);
		const answer = (await answers.mapFor(inspection.id)).get('A5');
		expect(answer?.note).toBe('Chưa niêm yết thủ tục đất đai');
		expect(answer?.value).toBe('Chưa niêm yết thủ tục đất đai');
		const entries = await outboxFor('answer', answerKey(inspection, 'A5'));
		expect(entries.find((e) => e.key.endsWith(':note'))?.patch['note']).toBe(
			'Chưa niêm yết thủ tục đất đai'
		);
	});

	it('accepts valid numbers, percents and dates in the period', async () => {
		const inspection = await createInspection();
		expect((await answers.save(inspection, COUNT, { value: 0 }))[0]?.value).toBe(0);
		expect((await answers.save(inspection, PERCENT, { value: 99.5 }))[0]?.value).toBe(99.5);
		expect((await answers.save(inspection, DATE, { value: '2025-06-30' }))[0]?.value).toBe(
			'2025-06-30'
		);
		expect(await answers.listFor(inspection.id)).toHaveLength(3);
	});

	it('keeps one row and one pending entry per field over repeated saves, with the latest values', async () => {
		const inspection = await createInspection();
		const results = ['pass', 'fail', 'na', 'fail', 'pass'] as const;
		let last: Awaited<ReturnType<typeof answers.save>> = [];
		for (const [i, result] of results.entries()) {
			last = await answers.save(inspection, PASS_FAIL, { result, note: `lần ${i + 1}` });
		}
		const entries = await outboxFor('answer', answerKey(inspection, 'A1'));
		expect(entries).toHaveLength(2);
		const byField = new Map(entries.map((e) => [e.key.split(':').at(-1), e]));
		expect(byField.get('result')?.patch).toMatchObject({
			inspectionId: inspection.id,
			itemId: 'A1',
			result: 'pass',
			answeredAt: last[0]?.at
		});
		expect(byField.get('note')?.patch).toMatchObject({ note: 'lần 5', answeredAt: last[1]?.at });
		expect(await database().answerFields.count()).toBe(2);
		expect((await answers.mapFor(inspection.id)).get('A1')).toMatchObject({
			result: 'pass',
			note: 'lần 5'
		});
		// The inspection's own entry (creation + the first answer's start) is merged too.
		expect(await outboxFor('inspection', inspection.id)).toHaveLength(1);
	});

	it('reads the inspector name at each save; the answer shows who set its latest field', async () => {
		const inspection = await createInspection();
		await setInspectorName('Nguyễn Văn An');
		const [result] = await answers.save(inspection, PASS_FAIL, { result: 'fail' });
		await tick();
		await setInspectorName('Trần Thị Bình');
		const [note] = await answers.save(inspection, PASS_FAIL, { note: 'Bổ sung sau' });

		expect(result?.by).toBe('Nguyễn Văn An');
		expect(note?.by).toBe('Trần Thị Bình');
		expect(await database().answerFields.get(result?.key ?? '')).toMatchObject({
			by: 'Nguyễn Văn An'
		});
		expect((await answers.mapFor(inspection.id)).get('A1')).toMatchObject({
			result: 'fail',
			note: 'Bổ sung sau',
			answeredAt: note?.at,
			answeredBy: 'Trần Thị Bình'
		});
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

	it('rejects a result that is not one of pass, fail, na without writing any field', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		await expect(
			answers.save(inspection, PASS_FAIL, { note: 'hợp lệ', result: 'maybe' as 'pass' })
		).rejects.toMatchObject({ name: 'ZodError' });
		expect(await snapshot()).toEqual(before);
	});
});

describe('answers.save when storage fails', () => {
	it('writes neither row nor queue entry when the queue write hits the quota', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		failWrites(database().queue);
		await expect(answers.save(inspection, PASS_FAIL, { result: 'pass' })).rejects.toBeInstanceOf(
			StorageFullError
		);
		expect(await snapshot()).toEqual(before);
		expect((await inspections.get(inspection.id))?.status).toBe('draft');
	});

	it('keeps the earlier answer when replacing its queue entry hits the quota', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, { result: 'fail', note: 'cũ' });
		const before = await snapshot();
		failWrites(database().queue);
		await expect(
			answers.save(inspection, PASS_FAIL, { result: 'pass', note: 'mới' })
		).rejects.toBeInstanceOf(StorageFullError);
		expect(await snapshot()).toEqual(before);
		expect((await answers.mapFor(inspection.id)).get('A1')).toMatchObject({
			result: 'fail',
			note: 'cũ'
		});
	});

	it('recognises a quota error wrapped in Dexie’s AbortError', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		const quota = quotaError();
		const aborted = new Dexie.AbortError('Transaction aborted', quota);
		expect(aborted.inner).toBe(quota);
		failWrites(database().queue, aborted);
		const saving = answers.save(started(inspection), PASS_FAIL, { result: 'pass' });
		await expect(saving).rejects.toBeInstanceOf(StorageFullError);
		await expect(saving).rejects.toMatchObject({ message: 'storage-full', cause: aborted });
		expect(await snapshot()).toEqual(before);
	});

	it('reports any other failure as StorageFailedError and writes nothing', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		failWrites(database().queue, new DOMException('disk gone', 'UnknownError'));
		const saving = answers.save(inspection, PASS_FAIL, { result: 'pass' });
		await expect(saving).rejects.toBeInstanceOf(StorageFailedError);
		await expect(saving).rejects.toMatchObject({
			message: 'storage-failed',
			cause: { name: 'UnknownError' }
		});
		expect(await snapshot()).toEqual(before);
	});

	it.each([
		['one field of a started inspection', false, { value: 1 }],
		['several fields of a started inspection', false, { value: 1, note: 'ghi chú' }],
		['the first answer of a draft', true, { value: 1 }],
		['several fields, the first of a draft', true, { value: 1, note: 'ghi chú' }]
	] as const)(
		'writes nothing when the field rows cannot be stored: %s',
		async (_l, draft, edit) => {
			const inspection = await createInspection();
			const before = await snapshot();
			failWrites(database().answerFields);
			await expect(
				answers.save(draft ? inspection : started(inspection), COUNT, edit)
			).rejects.toBeInstanceOf(StorageFullError);
			// The draft's move to in-progress, read and staged after the failed write, is undone too.
			expect(await snapshot()).toEqual(before);
		}
	);

	it('writes no answer when moving the draft to in-progress fails', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		failWrites(database().inspections);
		await expect(answers.save(inspection, PASS_FAIL, { result: 'pass' })).rejects.toBeInstanceOf(
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
		expect(await answers.mapFor(crypto.randomUUID())).toEqual(new Map());
	});

	it('gives one valid answer per item, whatever fields were set', async () => {
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, { note: 'chỉ ghi chú' });
		await answers.save(inspection, COUNT, { value: 7 });
		const list = await answers.listFor(inspection.id);
		expect(list).toHaveLength(2);
		for (const answer of list) expect(AnswerSchema.safeParse(answer).success).toBe(true);
		expect((await answers.mapFor(inspection.id)).get('A1')).toMatchObject({
			result: null,
			value: null,
			note: 'chỉ ghi chú'
		});
	});
});
