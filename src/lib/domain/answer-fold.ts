import type { Answer } from './answer';
import type { AnswerField } from './answer-field';

/** One answer per item from its field rows; who and when come from the latest field set. */
export function foldAnswers(rows: readonly AnswerField[]): Map<string, Answer> {
	const answers = new Map<string, Answer>();
	for (const row of rows) {
		const answer = answers.get(row.itemId) ?? {
			id: `${row.inspectionId}:${row.itemId}`,
			inspectionId: row.inspectionId,
			itemId: row.itemId,
			result: null,
			value: null,
			note: '',
			answeredAt: row.at,
			answeredBy: row.by,
			deviceId: row.deviceId
		};
		if (row.field === 'result') answer.result = row.value;
		else if (row.field === 'value') answer.value = row.value;
		else answer.note = row.value;
		if (row.at >= answer.answeredAt) {
			answer.answeredAt = row.at;
			answer.answeredBy = row.by;
			answer.deviceId = row.deviceId;
		}
		answers.set(row.itemId, answer);
	}
	return answers;
}
