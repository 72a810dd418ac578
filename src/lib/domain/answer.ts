import { z } from 'zod';
import { ResultSchema, type TemplateItem } from './template';
import { IdSchema, IsoDateSchema, IsoDateTimeSchema, UuidSchema, nfc } from './text';

export const AnswerSchema = z.strictObject({
	/** `${inspectionId}:${itemId}` (see answerId) */
	id: z.string().min(1).max(200),
	inspectionId: UuidSchema,
	itemId: IdSchema,
	result: ResultSchema.nullable(),
	value: z.union([z.number(), nfc(4000)]).nullable(),
	note: nfc(4000),
	answeredAt: IsoDateTimeSchema,
	answeredBy: nfc(200),
	deviceId: IdSchema
});
export type Answer = z.infer<typeof AnswerSchema>;

export type ValueError =
	| 'negative'
	| 'fraction'
	| 'percent-range'
	| 'not-a-number'
	| 'bad-date'
	| 'date-outside-period'
	| 'unknown-choice';

/** Checks a value typed for an item, before anything is written. */
export function valueError(
	item: TemplateItem,
	value: number | string | null,
	period?: { periodFrom: string; periodTo: string }
): ValueError | null {
	if (value === null || value === '') return null;
	const type =
		item.answerType === 'pass-fail-na' ? item.valueField?.type : (item.answerType as string);
	if (type === 'number') {
		if (typeof value !== 'number' || !Number.isFinite(value)) return 'not-a-number';
		if (value < 0) return 'negative';
		const kind = item.valueField?.numberKind ?? 'count';
		if (kind === 'count' && !Number.isInteger(value)) return 'fraction';
		if (kind === 'percent' && value > 100) return 'percent-range';
	}
	if (type === 'date') {
		if (typeof value !== 'string' || !IsoDateSchema.safeParse(value).success) return 'bad-date';
		const bounded = item.valueField?.withinPeriod ?? true;
		if (bounded && period && (value < period.periodFrom || value > period.periodTo)) {
			return 'date-outside-period';
		}
	}
	if (type === 'choice' && !item.choices?.some((c) => c.id === value)) return 'unknown-choice';
	return null;
}

export function isAnswered(item: TemplateItem, answer: Answer | undefined): boolean {
	if (!answer) return false;
	if (item.answerType === 'pass-fail-na') return answer.result !== null;
	return answer.value !== null && answer.value !== '';
}
