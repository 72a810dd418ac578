/**
 * One pulled change → the local tables. Runs inside sync.applyPulled's transaction. A field with
 * an edit of its own still in the queue keeps its local value and its old version: the edit is
 * on its way and the server will order the two.
 */
import type { AnswerField, Finding, Inspection, Photo } from '$lib/domain';
import { ATTRIBUTION_FIELDS, type Change, type FieldState } from './protocol';
import { db } from '$lib/db/connection';
import { syncStateKey, templateKey, type QueueEntry, type SyncStateRow } from '$lib/db/database';

export type PendingFields = Map<string, Set<string>>;

export function pendingFieldsByRow(entries: QueueEntry[]): PendingFields {
	const pending: PendingFields = new Map();
	for (const entry of entries) {
		if (entry.state === 'rejected') continue;
		const key = syncStateKey(entry.entity, entry.entityId);
		const fields = pending.get(key) ?? new Set<string>();
		// A delete waiting to go claims the whole row.
		if (entry.op === 'delete') fields.add('*');
		for (const f of Object.keys(entry.patch)) if (!ATTRIBUTION_FIELDS.has(f)) fields.add(f);
		pending.set(key, fields);
	}
	return pending;
}

/** The pulled fields this device may take, and the versions to remember for them. */
function takeable(change: Change, pending: ReadonlySet<string> | undefined) {
	const taken: [string, FieldState][] = Object.entries(change.fields).filter(
		([field]) => !pending?.has(field) && !pending?.has('*')
	);
	return taken;
}

/**
 * One page of pulled changes in the making: the sync states it reads, read once for the page,
 * and the writes that can wait for its end. A page of answers then costs a few bulk requests
 * instead of three IndexedDB round trips per change.
 */
export class PageWrites {
	readonly #states = new Map<string, SyncStateRow | undefined>();
	readonly #dirty = new Set<string>();
	readonly #answers = new Map<string, AnswerField>();

	static async load(changes: Change[]): Promise<PageWrites> {
		const page = new PageWrites();
		const keys = [...new Set(changes.map((c) => syncStateKey(c.entity, c.entityId)))];
		const rows = await db().syncState.bulkGet(keys);
		keys.forEach((key, i) => page.#states.set(key, rows[i]));
		return page;
	}

	state(key: string, inspectionId: string | null): SyncStateRow {
		const row = this.#states.get(key) ?? { key, inspectionId, versions: {} };
		this.#states.set(key, row);
		return row;
	}

	changed(key: string): void {
		this.#dirty.add(key);
	}

	forget(key: string): void {
		this.#states.set(key, undefined);
		this.#dirty.add(key);
	}

	answer(row: AnswerField): void {
		this.#answers.set(row.key, row);
	}

	/** A deleted answer must not come back from a row collected earlier in the page. */
	dropAnswer(keys: string[]): void {
		for (const key of keys) this.#answers.delete(key);
	}

	async flush(): Promise<void> {
		const database = db();
		const kept: SyncStateRow[] = [];
		const gone: string[] = [];
		for (const key of this.#dirty) {
			const row = this.#states.get(key);
			if (row) kept.push(row);
			else gone.push(key);
		}
		await Promise.all([
			database.syncState.bulkPut(kept),
			database.syncState.bulkDelete(gone),
			database.answerFields.bulkPut([...this.#answers.values()])
		]);
	}
}

/**
 * Applies what the device may take of a pulled change; returns true when part of it was held
 * back for an edit still waiting, so the caller pulls this change again once the edit is
 * acknowledged (a newer value from another device, or a delete, must not be skipped for good).
 */
export function applyChange(
	change: Change,
	pendingRows: PendingFields,
	page: PageWrites
): boolean | Promise<boolean> {
	const key = syncStateKey(change.entity, change.entityId);
	const pending = pendingRows.get(key);
	if (change.deleted) {
		if (pending) return true;
		page.forget(key);
		return removeLocal(change, page).then(() => false);
	}
	const taken = takeable(change, pending);
	const held = taken.length < Object.keys(change.fields).length;
	if (taken.length === 0) return held;
	const state = page.state(key, change.inspectionId);
	const fresh = taken.filter(([field, fs]) => fs.version > (state.versions[field] ?? 0));
	if (fresh.length === 0) return held;
	for (const [field, fs] of fresh) state.versions[field] = fs.version;
	page.changed(key);
	// Answers, nearly every change of a page, are collected without awaiting anything: a long
	// run of native awaits with no IndexedDB request in between lets Dexie's transaction go.
	if (change.entity === 'answer') {
		collectAnswer(change, Object.fromEntries(fresh), page);
		return held;
	}
	return writeLocal(change, Object.fromEntries(fresh)).then(() => held);
}

/**
 * Answers name their author by `answeredBy`, the person's name as typed on the device that
 * answered, rather than the server's account id.
 */
function collectAnswer(change: Change, fields: Record<string, FieldState>, page: PageWrites): void {
	const [inspectionId = '', itemId = ''] = change.entityId.split(':');
	for (const [field, fs] of Object.entries(fields)) {
		if (field !== 'result' && field !== 'value' && field !== 'note') continue;
		page.answer({
			key: `${inspectionId}:${itemId}:${field}`,
			inspectionId,
			itemId,
			field,
			value: fs.value,
			at: fs.at,
			by: String(change.fields['answeredBy']?.value ?? fs.by),
			deviceId: fs.deviceId
		} as AnswerField);
	}
}

function values(fields: Record<string, FieldState>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(fields).map(([k, fs]) => [k, fs.value]));
}

/**
 * Writes the fresh fields of a pulled row other than an answer. `change.fields` is the row's
 * whole state; `fields` the part this device takes.
 */
async function writeLocal(change: Change, fields: Record<string, FieldState>): Promise<void> {
	const database = db();
	const id = change.entityId;
	switch (change.entity) {
		case 'inspection': {
			const current = await database.inspections.get(id);
			await database.inspections.put({ ...current, ...values(fields), id } as Inspection);
			return;
		}
		case 'finding': {
			const current = await database.findings.get(id);
			await database.findings.put({ ...current, ...values(fields), id } as Finding);
			return;
		}
		case 'indicatorValues': {
			const current = await database.indicatorValues.get(id);
			const counts = { ...current?.counts };
			for (const [field, fs] of Object.entries(fields)) {
				if (field.startsWith('counts.')) counts[field.slice(7)] = fs.value as number | null;
			}
			const updatedAt = (fields['updatedAt']?.value as string) ?? current?.updatedAt;
			await database.indicatorValues.put({ inspectionId: id, counts, updatedAt: updatedAt ?? '' });
			return;
		}
		case 'photo': {
			const current = await database.photos.get(id);
			await database.photos.put({ ...current, ...values(fields), id } as Photo);
			return;
		}
		case 'template':
		case 'indicatorSet': {
			const data = fields['data']?.value as ({ id: string; version: number } & object) | undefined;
			if (!data) return;
			const row = { ...data, key: templateKey(data.id, data.version) };
			if (change.entity === 'template') await database.templates.put(row as never);
			else await database.indicatorSets.put(row as never);
			return;
		}
		case 'unit': {
			const data = fields['data']?.value;
			if (data) await database.units.put(data as never);
			return;
		}
		case 'conflict': {
			const data = fields['data']?.value;
			if (data) await database.conflicts.put(data as never);
			return;
		}
		case 'minutes': {
			// Signed minutes from another device (or this one, after a wipe): whole and final.
			const row = values(change.fields);
			await database.minutes.put({
				id,
				inspectionId: String(row['inspectionId']),
				version: Number(row['version']),
				supersedes: (row['supersedes'] as string | null) ?? null,
				status: 'signed',
				content: row['content'],
				seal: row['seal'],
				signedAt: (row['signedAt'] as string | null) ?? null,
				deviceId: String(row['deviceId'] ?? ''),
				updatedAt: String(row['signedAt'] ?? '')
			});
			return;
		}
	}
}

async function removeLocal(change: Change, page: PageWrites): Promise<void> {
	const database = db();
	const id = change.entityId;
	switch (change.entity) {
		case 'answer': {
			const keys = ['result', 'value', 'note'].map((f) => `${id}:${f}`);
			page.dropAnswer(keys);
			await database.answerFields.bulkDelete(keys);
			return;
		}
		case 'finding':
			await database.findings.delete(id);
			return;
		case 'photo':
			await database.photos.delete(id);
			await database.photoBytes.where('photoId').equals(id).delete();
			return;
		case 'conflict':
			await database.conflicts.delete(id);
			return;
		default:
			return;
	}
}
