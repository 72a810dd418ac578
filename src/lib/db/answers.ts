import type { Answer, Inspection, Result, TemplateItem } from '$lib/domain';
import { valueError } from '$lib/domain/answer-rules';
import { answerId, nowIso } from '$lib/domain/ids';
import { db } from './connection';
import { deviceId, inspectorName, ValidationError } from './meta';
import { commit, pendingEntry, type Change } from './write-path';

export type AnswerEdit = { result?: Result | null; value?: number | string | null; note?: string };

/** Records what the inspector said about one item; only the fields in `given` change. */
export async function save(
	inspection: Pick<Inspection, 'id' | 'periodFrom' | 'periodTo'>,
	item: TemplateItem,
	given: AnswerEdit
): Promise<Answer> {
	// `{ note: undefined }` means "note not edited", not "note cleared": drop it before spreading.
	const edit = Object.fromEntries(
		Object.entries(given).filter(([, v]) => v !== undefined)
	) as AnswerEdit;
	if (edit.value !== undefined) {
		const problem = valueError(item, edit.value, inspection);
		if (problem) throw new ValidationError(problem, 'value');
	}
	// The schema loads with the first write, not with the app shell.
	const [{ AnswerSchema }, device] = await Promise.all([import('$lib/domain/answer'), deviceId()]);
	const database = db();
	const id = answerId(inspection.id, item.id);
	let saved: Answer | undefined;
	await commit([database.answers, database.inspections, database.meta], async (stage) => {
		// Everything the save depends on is read in one go, the outbox entries included.
		const [previous, current, by, queuedAnswer, queuedInspection] = await Promise.all([
			database.answers.get(id),
			database.inspections.get(inspection.id),
			inspectorName(),
			pendingEntry('answer', id),
			pendingEntry('inspection', inspection.id)
		]);
		const answer = AnswerSchema.parse({
			id,
			inspectionId: inspection.id,
			itemId: item.id,
			result: previous?.result ?? null,
			value: previous?.value ?? null,
			note: previous?.note ?? '',
			...edit,
			answeredAt: nowIso(),
			answeredBy: by,
			deviceId: device
		});
		stage(database.answers.put(answer));
		saved = answer;
		const changed = Object.fromEntries(
			Object.keys(edit).map((k) => [k, answer[k as keyof AnswerEdit]])
		);
		const changes: Change[] = [
			{
				entity: 'answer',
				entityId: id,
				inspectionId: inspection.id,
				op: 'upsert',
				patch: {
					...(previous ? {} : { inspectionId: inspection.id, itemId: item.id }),
					...changed,
					answeredAt: answer.answeredAt,
					answeredBy: by,
					deviceId: device
				},
				queued: queuedAnswer
			}
		];
		// The first answer starts a draft inspection; later answers leave the inspection row alone.
		if (current?.status === 'draft') {
			const patch = { status: 'in-progress' as const, updatedAt: answer.answeredAt };
			stage(database.inspections.update(inspection.id, patch));
			changes.push({
				entity: 'inspection',
				entityId: inspection.id,
				inspectionId: inspection.id,
				op: 'upsert',
				patch,
				queued: queuedInspection
			});
		}
		return changes;
	});
	return saved as Answer;
}

export async function listFor(inspectionId: string): Promise<Answer[]> {
	return db().answers.where('inspectionId').equals(inspectionId).toArray();
}

export async function mapFor(inspectionId: string): Promise<Map<string, Answer>> {
	return new Map((await listFor(inspectionId)).map((a) => [a.itemId, a]));
}
