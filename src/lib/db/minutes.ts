/**
 * Minutes on the device. A draft is this device's working copy and is written without a queue
 * entry: it never leaves the device. "Ký biên bản" freezes its text (status `signing`); signatures
 * are then saved one by one, so a crash mid-way keeps those already drawn. Sealing turns it into
 * signed minutes through the one write path, with the queue entry that carries content and seal
 * to the server. Signed minutes never change again; a correction is a new draft that supersedes
 * them. Imported by the minutes screens only, never through `$lib/db`, so the app shell does not
 * carry the minutes model.
 */
import { newId, nowIso } from '$lib/domain/ids';
import type { MinutesDocument, SignatureState } from '$lib/minutes/model';
import type { Seal } from '$lib/minutes/seal/seal';
import { db } from './connection';
import type { MinutesPdf, MinutesRow } from './database';
import { deviceId, ValidationError } from './meta';
import { commit } from './write-path';

export type Minutes = Omit<MinutesRow, 'content' | 'seal'> & {
	content: MinutesDocument;
	seal: Seal | null;
};

const model = () => import('$lib/minutes/model');

export async function listFor(inspectionId: string): Promise<Minutes[]> {
	const rows = await db().minutes.where('inspectionId').equals(inspectionId).toArray();
	return (rows as Minutes[]).sort((a, b) => a.version - b.version);
}

/** The minutes people work on: the newest version. */
export async function latestFor(inspectionId: string): Promise<Minutes | undefined> {
	return (await listFor(inspectionId)).at(-1);
}

export async function isSigned(inspectionId: string): Promise<boolean> {
	return (await listFor(inspectionId)).some((m) => m.status === 'signed');
}

type Schema = Awaited<ReturnType<typeof model>>['MinutesDocumentSchema'];

function check(schema: Schema, content: MinutesDocument): MinutesDocument {
	const parsed = schema.safeParse(content);
	if (!parsed.success) {
		throw new ValidationError('invalid-minutes', parsed.error.issues[0]?.path.join('.'));
	}
	return parsed.data;
}

async function parse(content: MinutesDocument): Promise<MinutesDocument> {
	return check((await model()).MinutesDocumentSchema, content);
}

/** A first draft, or a correction of the signed minutes it supersedes. */
export async function createDraft(
	content: MinutesDocument,
	supersedes: Minutes | null = null
): Promise<Minutes> {
	const valid = await parse(content);
	const existing = await listFor(valid.inspectionId);
	const open = existing.find((m) => m.status !== 'signed');
	if (open) return open;
	const row: Minutes = {
		id: newId(),
		inspectionId: valid.inspectionId,
		version: (existing.at(-1)?.version ?? 0) + 1,
		supersedes: supersedes?.id ?? null,
		status: 'draft',
		content: valid,
		seal: null,
		signedAt: null,
		deviceId: await deviceId(),
		updatedAt: nowIso()
	};
	await db().minutes.add(row);
	return row;
}

async function editable(id: string, status: MinutesRow['status']): Promise<Minutes> {
	const row = (await db().minutes.get(id)) as Minutes | undefined;
	if (!row) throw new ValidationError('not-found');
	if (row.status !== status) throw new ValidationError(`minutes-${row.status}`);
	return row;
}

export async function saveDraft(id: string, content: MinutesDocument): Promise<void> {
	const valid = await parse(content);
	await db().transaction('rw', db().minutes, async () => {
		const row = await editable(id, 'draft');
		await db().minutes.put({ ...row, content: valid, updatedAt: nowIso() });
	});
}

/** Freezes the text as stored: what was saved last is what gets signed. */
export async function startSigning(id: string): Promise<void> {
	await db().transaction('rw', db().minutes, async () => {
		const row = await editable(id, 'draft');
		await db().minutes.put({ ...row, status: 'signing', updatedAt: nowIso() });
	});
}

/** Back to editing: signatures given to a text that is about to change no longer stand. */
export async function backToDraft(id: string): Promise<void> {
	await db().transaction('rw', db().minutes, async () => {
		const row = await editable(id, 'signing');
		const signatures = row.content.signatures.map((s) => ({
			...s,
			signature: { status: 'pending' as const }
		}));
		await db().minutes.put({
			...row,
			status: 'draft',
			content: { ...row.content, signatures },
			updatedAt: nowIso()
		});
	});
}

export async function saveSignature(
	id: string,
	blockId: string,
	who: { name: string; title: string },
	signature: SignatureState
): Promise<void> {
	// Loaded before the transaction: awaiting an import inside it would let it commit early.
	const { MinutesDocumentSchema } = await model();
	await db().transaction('rw', db().minutes, async () => {
		const row = await editable(id, 'signing');
		if (!row.content.signatures.some((s) => s.id === blockId)) {
			throw new ValidationError('not-found', blockId);
		}
		const signatures = row.content.signatures.map((s) =>
			s.id === blockId ? { ...s, ...who, signature } : s
		);
		const content = check(MinutesDocumentSchema, { ...row.content, signatures });
		await db().minutes.put({ ...row, content, updatedAt: nowIso() });
	});
}

/**
 * Seals: the row becomes signed minutes and its queue entry is written in the same transaction.
 * The seal was computed over `content` by the caller; the text must still be what it sealed.
 */
export async function seal(id: string, content: MinutesDocument, sealed: Seal): Promise<Minutes> {
	const database = db();
	let result: Minutes | undefined;
	await commit([database.minutes], async () => {
		const row = await editable(id, 'signing');
		if (JSON.stringify(row.content) !== JSON.stringify(content)) {
			throw new ValidationError('minutes-changed');
		}
		result = { ...row, status: 'signed', seal: sealed, signedAt: sealed.signedAt };
		result.updatedAt = nowIso();
		await database.minutes.put(result);
		return {
			entity: 'minutes',
			entityId: row.id,
			inspectionId: row.inspectionId,
			op: 'upsert',
			patch: {
				inspectionId: row.inspectionId,
				version: row.version,
				supersedes: row.supersedes,
				content,
				seal: sealed,
				signedAt: sealed.signedAt,
				deviceId: row.deviceId
			}
		};
	});
	return result as Minutes;
}

export async function storePdf(minutesId: string, bytes: ArrayBuffer, sha256: string) {
	const row: MinutesPdf = { minutesId, bytes, sha256, createdAt: nowIso(), waiting: 1 };
	await db().minutesPdf.put(row);
}

export async function pdfOf(minutesId: string): Promise<MinutesPdf | undefined> {
	return db().minutesPdf.get(minutesId);
}

/** PDFs the server does not hold yet, found by key. */
export async function unsentPdfs(): Promise<string[]> {
	return db().minutesPdf.where('waiting').equals(1).primaryKeys();
}

export async function markPdfUploaded(minutesId: string): Promise<void> {
	// Dexie removes a property updated to undefined: the row leaves the `waiting` index.
	await db().minutesPdf.update(minutesId, { uploadedAt: nowIso(), waiting: undefined });
}
