import { describe, expect, it } from 'vitest';
import { AnswerSchema } from './answer';
import { AnswerFieldSchema, type AnswerField } from './answer-field';
import { foldAnswers } from './answer-fold';
import { INSPECTION_ID } from './test-factories';

function field(
	itemId: string,
	name: AnswerField['field'],
	value: unknown,
	at: string,
	by = 'Nguyễn Văn An'
): AnswerField {
	return AnswerFieldSchema.parse({
		key: `${INSPECTION_ID}:${itemId}:${name}`,
		inspectionId: INSPECTION_ID,
		itemId,
		field: name,
		value,
		at,
		by,
		deviceId: 'dev-1'
	});
}

describe('AnswerFieldSchema', () => {
	it('types the value by field', () => {
		expect(() => field('A1', 'result', 'pass', '2026-11-28T01:00:00.000Z')).not.toThrow();
		expect(() => field('A1', 'result', 'maybe', '2026-11-28T01:00:00.000Z')).toThrow();
		expect(() => field('A1', 'value', 12, '2026-11-28T01:00:00.000Z')).not.toThrow();
		expect(() => field('A1', 'note', null, '2026-11-28T01:00:00.000Z')).toThrow();
	});

	it('stores notes as NFC', () => {
		const row = field('A1', 'note', 'Kiểm tra'.normalize('NFD'), '2026-11-28T01:00:00.000Z');
		expect(row.value).toBe('Kiểm tra'.normalize('NFC'));
	});
});

describe('foldAnswers', () => {
	it('builds one valid answer per item from its fields', () => {
		const answers = foldAnswers([
			field('A1', 'result', 'fail', '2026-11-28T01:00:00.000Z'),
			field('A1', 'note', 'Thiếu sổ theo dõi', '2026-11-28T01:05:00.000Z', 'Trần Bình'),
			field('B2', 'value', 3, '2026-11-28T01:02:00.000Z')
		]);
		expect(answers.size).toBe(2);
		const a1 = answers.get('A1');
		expect(a1).toMatchObject({
			id: `${INSPECTION_ID}:A1`,
			result: 'fail',
			value: null,
			note: 'Thiếu sổ theo dõi',
			answeredAt: '2026-11-28T01:05:00.000Z',
			answeredBy: 'Trần Bình'
		});
		expect(AnswerSchema.safeParse(a1).success).toBe(true);
		expect(answers.get('B2')).toMatchObject({ result: null, value: 3, note: '' });
	});

	it('takes who and when from the latest field, whatever the row order', () => {
		const answers = foldAnswers([
			field('A1', 'note', 'ghi chú', '2026-11-28T02:00:00.000Z', 'Người sau'),
			field('A1', 'result', 'pass', '2026-11-28T01:00:00.000Z', 'Người trước')
		]);
		expect(answers.get('A1')).toMatchObject({
			result: 'pass',
			answeredAt: '2026-11-28T02:00:00.000Z',
			answeredBy: 'Người sau'
		});
	});

	it('is empty for no rows', () => {
		expect(foldAnswers([]).size).toBe(0);
	});
});
