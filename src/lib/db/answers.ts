import type { Answer, AnswerField, Inspection, Result, TemplateItem } from '$lib/domain';
import { foldAnswers } from '$lib/domain/answer-fold';
import { valueError } from '$lib/domain/answer-rules';
import { answerFieldKey, answerId, nowIso } from '$lib/domain/ids';
import { db } from './connection';
import { deviceId, inspectorName, ValidationError } from './meta';
import { commit, commitBlind, type Change } from './write-path';

// The schema loads with the first write, not with the app shell, and only once.
let schemaModule: Promise<typeof import('$lib/domain/answer-field')> | undefined;
function schema() {
	schemaModule ??= import('$lib/domain/answer-field');
	return schemaModule;
}

export type AnswerEdit = { result?: Result | null; value?: number | string | null; note?: string };

/**
 * Records what the inspector said about one item. Each field in `given` is written as its own row
 * with its own queue entry, blind: nothing is read, so a tap costs two writes in one transaction.
 * `inspection.status` is what the screen shows; the first answer of a draft starts it.
 */
export async function save(
	inspection: Pick<Inspection, 'id' | 'periodFrom' | 'periodTo' | 'status'>,
	item: TemplateItem,
	given: AnswerEdit
): Promise<AnswerField[]> {
	// `{ note: undefined }` means "note not edited", not "note cleared": drop it before writing.
	const edit = Object.entries(given).filter(([, v]) => v !== undefined) as [
		keyof AnswerEdit,
		AnswerEdit[keyof AnswerEdit]
	][];
	const value = given.value;
	if (value !== undefined) {
		const problem = valueError(item, value, inspection);
		if (problem) throw new ValidationError(problem, 'value');
	}
	const [{ AnswerFieldSchema }, device] = await Promise.all([schema(), deviceId()]);
	const at = nowIso();
	const by = inspectorName();
	const rows = edit.map(([field, v]) =>
		AnswerFieldSchema.parse({
			key: answerFieldKey(inspection.id, item.id, field),
			inspectionId: inspection.id,
			itemId: item.id,
			field,
			value: v,
			at,
			by,
			deviceId: device
		})
	);
	if (rows.length === 0) return [];
	const database = db();
	const id = answerId(inspection.id, item.id);
	const changes: Change[] = rows.map((row) => ({
		entity: 'answer',
		entityId: id,
		inspectionId: inspection.id,
		op: 'upsert',
		field: row.field,
		patch: {
			inspectionId: inspection.id,
			itemId: item.id,
			[row.field]: row.value,
			answeredAt: at,
			answeredBy: by,
			deviceId: device
		}
	}));
	const [only] = rows;
	const putRows = () =>
		rows.length === 1 && only
			? database.answerFields.put(only)
			: database.answerFields.bulkPut(rows);
	if (inspection.status !== 'draft') {
		await commitBlind([database.answerFields], (stage) => {
			stage(putRows());
			return changes;
		});
		return rows;
	}
	await commit([database.answerFields, database.inspections], async (stage) => {
		stage(putRows());
		return [...changes, ...(await startInspection(inspection.id, at, stage))];
	});
	return rows;
}

/** The first answer moves a draft to in-progress; read inside the transaction, so it happens once. */
async function startInspection(
	inspectionId: string,
	at: string,
	stage: (p: Promise<unknown>) => void
): Promise<Change[]> {
	const database = db();
	const current = await database.inspections.get(inspectionId);
	if (current?.status !== 'draft') return [];
	const patch = { status: 'in-progress' as const, updatedAt: at };
	stage(database.inspections.update(inspectionId, patch));
	return [{ entity: 'inspection', entityId: inspectionId, inspectionId, op: 'upsert', patch }];
}

export async function mapFor(inspectionId: string): Promise<Map<string, Answer>> {
	return foldAnswers(await db().answerFields.where('inspectionId').equals(inspectionId).toArray());
}

export async function listFor(inspectionId: string): Promise<Answer[]> {
	return [...(await mapFor(inspectionId)).values()];
}
