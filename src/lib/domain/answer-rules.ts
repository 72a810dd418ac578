/**
 * Rules about answers, kept apart from the schemas so screens that only read (the inspection
 * list) do not pull the validation library into the first load.
 */
import type { Answer } from './answer';
import { isIsoDate } from './dates';
import type { TemplateItem } from './template';

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
		if (typeof value !== 'string' || !isIsoDate(value)) return 'bad-date';
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
