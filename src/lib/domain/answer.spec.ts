import { describe, expect, it } from 'vitest';
import { AnswerSchema, isAnswered, valueError } from './answer';
import { makeAnswer, makeItem } from './test-factories';

const period = { periodFrom: '2025-01-01', periodTo: '2025-06-30' };
const countItem = makeItem({ answerType: 'number' });
const percentItem = makeItem({
	answerType: 'number',
	valueField: { type: 'number', label: { vi: 'Tỷ lệ' }, numberKind: 'percent' }
});
const dateItem = makeItem({ answerType: 'date' });
const textItem = makeItem({ answerType: 'text' });
const choiceItem = makeItem({
	answerType: 'choice',
	choices: [
		{ id: 'giay', label: { vi: 'Giấy' } },
		{ id: 'dien-tu', label: { vi: 'Điện tử' } }
	]
});
const passFail = makeItem();
const passFailWithCount = makeItem({
	valueField: { type: 'number', label: { vi: 'Số TTHC sai' }, numberKind: 'count' }
});
const passFailWithDate = makeItem({ valueField: { type: 'date', label: { vi: 'Ngày' } } });

describe('AnswerSchema', () => {
	it('accepts answers with a result, a number, a string or nothing', () => {
		for (const a of [
			makeAnswer('item-1', { result: 'pass' }),
			makeAnswer('item-1', { result: 'fail', value: 3 }),
			makeAnswer('item-1', { value: 'giay' }),
			makeAnswer('item-1')
		]) {
			expect(AnswerSchema.parse(a)).toEqual(a);
		}
	});

	it('rejects unknown fields', () => {
		expect(AnswerSchema.safeParse({ ...makeAnswer('item-1'), photos: [] }).success).toBe(false);
	});

	it('rejects wrong types', () => {
		const a = makeAnswer('item-1');
		expect(AnswerSchema.safeParse({ ...a, value: true }).success).toBe(false);
		expect(AnswerSchema.safeParse({ ...a, result: 'ok' }).success).toBe(false);
		expect(AnswerSchema.safeParse({ ...a, note: null }).success).toBe(false);
		expect(AnswerSchema.safeParse({ ...a, inspectionId: 'abc' }).success).toBe(false);
		expect(AnswerSchema.safeParse({ ...a, answeredAt: '2025-08-15' }).success).toBe(false);
		expect(AnswerSchema.safeParse({ ...a, itemId: '' }).success).toBe(false);
	});

	it('normalises the note and a text value to NFC, trimmed', () => {
		const s = 'Kiểm tra';
		const out = AnswerSchema.parse(
			makeAnswer('item-1', { note: `\n${s.normalize('NFD')} `, value: ` ${s.normalize('NFD')}` })
		);
		expect(out.note).toBe(s);
		expect(out.value).toBe(s);
	});

	it('keeps script and HTML in a note verbatim', () => {
		const note = '<script>alert(1)</script><img src=x onerror="alert(2)">';
		expect(AnswerSchema.parse(makeAnswer('item-1', { note })).note).toBe(note);
	});

	it('rejects an over-long note', () => {
		expect(AnswerSchema.safeParse(makeAnswer('item-1', { note: 'x'.repeat(4001) })).success).toBe(
			false
		);
	});
});

describe('valueError', () => {
	it('treats null and the empty string as no value', () => {
		for (const item of [countItem, percentItem, dateItem, choiceItem, passFailWithCount]) {
			expect(valueError(item, null, period)).toBeNull();
			expect(valueError(item, '', period)).toBeNull();
		}
	});

	describe('count', () => {
		it('accepts zero and whole numbers', () => {
			expect(valueError(countItem, 0)).toBeNull();
			expect(valueError(countItem, 42)).toBeNull();
		});

		it('rejects negatives and fractions', () => {
			expect(valueError(countItem, -1)).toBe('negative');
			expect(valueError(countItem, 1.5)).toBe('fraction');
		});

		it('rejects strings and non-finite numbers', () => {
			expect(valueError(countItem, '5')).toBe('not-a-number');
			expect(valueError(countItem, Number.NaN)).toBe('not-a-number');
			expect(valueError(countItem, Number.POSITIVE_INFINITY)).toBe('not-a-number');
		});

		it('applies to the secondary value of a pass/fail item', () => {
			expect(valueError(passFailWithCount, -2)).toBe('negative');
			expect(valueError(passFailWithCount, 0.5)).toBe('fraction');
			expect(valueError(passFailWithCount, 3)).toBeNull();
		});
	});

	describe('percent', () => {
		it('accepts 0 to 100 with decimals', () => {
			expect(valueError(percentItem, 0)).toBeNull();
			expect(valueError(percentItem, 97.5)).toBeNull();
			expect(valueError(percentItem, 100)).toBeNull();
		});

		it('rejects values above 100 and below 0', () => {
			expect(valueError(percentItem, 100.01)).toBe('percent-range');
			expect(valueError(percentItem, -0.1)).toBe('negative');
		});
	});

	describe('date', () => {
		it('accepts a valid date, inside the period when one is given', () => {
			expect(valueError(dateItem, '2025-03-15', period)).toBeNull();
			expect(valueError(dateItem, '2025-01-01', period)).toBeNull();
			expect(valueError(dateItem, '2025-06-30', period)).toBeNull();
			expect(valueError(dateItem, '2030-01-01')).toBeNull();
		});

		it('rejects malformed dates', () => {
			expect(valueError(dateItem, '2025-02-30', period)).toBe('bad-date');
			expect(valueError(dateItem, '15/03/2025', period)).toBe('bad-date');
			expect(valueError(dateItem, 20250315, period)).toBe('bad-date');
		});

		it('rejects dates outside the period', () => {
			expect(valueError(dateItem, '2024-12-31', period)).toBe('date-outside-period');
			expect(valueError(dateItem, '2025-07-01', period)).toBe('date-outside-period');
		});

		it('applies to the secondary value of a pass/fail item', () => {
			expect(valueError(passFailWithDate, 'hôm qua', period)).toBe('bad-date');
			expect(valueError(passFailWithDate, '2025-07-01', period)).toBe('date-outside-period');
		});

		it('lets a date field that predates the period opt out of the period check', () => {
			const earlier = makeItem({
				valueField: { type: 'date', label: { vi: 'Ngày ký QĐ công bố' }, withinPeriod: false }
			});
			expect(valueError(earlier, '2024-12-31', period)).toBeNull();
			expect(valueError(earlier, '2024-02-30', period)).toBe('bad-date');
		});
	});

	describe('choice', () => {
		it('accepts a known choice and rejects an unknown one', () => {
			expect(valueError(choiceItem, 'giay')).toBeNull();
			expect(valueError(choiceItem, 'fax')).toBe('unknown-choice');
			expect(valueError(choiceItem, 1)).toBe('unknown-choice');
		});
	});

	it('accepts any text for text items and pass/fail items without a value field', () => {
		expect(valueError(textItem, '<script>alert(1)</script>')).toBeNull();
		expect(valueError(passFail, 'ghi chú')).toBeNull();
	});
});

describe('isAnswered', () => {
	it('is false without an answer', () => {
		for (const item of [passFail, countItem, textItem, dateItem, choiceItem]) {
			expect(isAnswered(item, undefined)).toBe(false);
		}
	});

	it('needs a result on a pass/fail item, whatever the value', () => {
		expect(isAnswered(passFail, makeAnswer('item-1', { result: 'pass' }))).toBe(true);
		expect(isAnswered(passFail, makeAnswer('item-1', { result: 'na' }))).toBe(true);
		expect(isAnswered(passFailWithCount, makeAnswer('item-1', { value: 3 }))).toBe(false);
		expect(isAnswered(passFail, makeAnswer('item-1', { note: 'đang kiểm tra' }))).toBe(false);
	});

	it('needs a non-empty value on other items', () => {
		expect(isAnswered(countItem, makeAnswer('item-1', { value: 0 }))).toBe(true);
		expect(isAnswered(countItem, makeAnswer('item-1', { value: null }))).toBe(false);
		expect(isAnswered(textItem, makeAnswer('item-1', { value: 'Đủ' }))).toBe(true);
		expect(isAnswered(textItem, makeAnswer('item-1', { value: '' }))).toBe(false);
		expect(isAnswered(dateItem, makeAnswer('item-1', { value: '2025-03-15' }))).toBe(true);
		expect(isAnswered(choiceItem, makeAnswer('item-1', { value: 'giay' }))).toBe(true);
		expect(isAnswered(choiceItem, makeAnswer('item-1', { result: 'pass' }))).toBe(false);
	});
});
