/**
 * The device's half of sync (docs/SYNC.md): what to push with which base versions, what an
 * acknowledgement removes, and how pulled changes land in the local tables. Pulled data is the
 * server's, not a local edit: it is written without queue entries, and never over a field whose
 * own edit is still waiting to be pushed.
 */
import {
	ATTRIBUTION_FIELDS,
	type Change,
	type MutationResult,
	type PushMutation
} from './protocol';
import { db } from '$lib/db/connection';
import { syncStateKey, type QueueEntry, type SyncStateRow } from '$lib/db/database';
import { list } from '$lib/db/outbox';
import { fullBytes, markUploaded, missingBytes, storeDownloaded, unsent } from '$lib/db/photos';
import { applyChange, PageWrites, pendingFieldsByRow } from './local-apply';
import { markKeyRegistered, registeredKeyId, storedDeviceKey } from '$lib/db/device-key';
import { markPdfUploaded, pdfOf, unsentPdfs } from '$lib/db/minutes';
import { holdReserve, releaseReserve } from '$lib/db/reserve';

function dataFields(entry: QueueEntry): string[] {
	return Object.keys(entry.patch).filter((k) => !ATTRIBUTION_FIELDS.has(k));
}

/**
 * The next push: entries already sent once go again first (the server dedupes them by id), then
 * pending ones, which are re-keyed as sent in the same step. Each carries, per field, the server
 * version this device last saw: a pulled value never advances the base of a field with an edit of
 * its own waiting, so an edit made over a value the person never saw reaches the server as a
 * conflict instead of silently winning.
 */
export async function nextPushBatch(limit: number): Promise<PushMutation[]> {
	const database = db();
	return database.transaction('rw', [database.queue, database.syncState], async () => {
		const entries = (await list()).slice(0, limit);
		const pending = entries.filter((e) => e.state === 'pending');
		await database.queue.bulkDelete(pending.map((e) => e.key));
		await database.queue.bulkPut(
			pending.map((e) => ({ ...e, key: `sent:${e.mutationId}`, state: 'sending' as const }))
		);
		const states = await database.syncState.bulkGet(
			entries.map((e) => syncStateKey(e.entity, e.entityId))
		);
		return entries.map((e, i) => {
			const versions = states[i]?.versions ?? {};
			return {
				mutationId: e.mutationId,
				entity: e.entity,
				entityId: e.entityId,
				inspectionId: e.inspectionId,
				op: e.op,
				patch: e.patch,
				at: e.at,
				base: Object.fromEntries(dataFields(e).map((f) => [f, versions[f] ?? 0]))
			};
		});
	});
}

/**
 * Applies the server's answer to a push in one transaction: acknowledged entries go (the only
 * way an entry ever leaves the queue), refused ones are kept aside for a person, and the
 * versions the server gave become the base of later edits of those fields.
 */
export async function acknowledge(results: MutationResult[]): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.queue, database.syncState], async () => {
		const entries = await database.queue.bulkGet(results.map((r) => `sent:${r.mutationId}`));
		for (const [i, result] of results.entries()) {
			const entry = entries[i];
			if (!entry) continue;
			if (result.status === 'rejected') {
				await database.queue.delete(entry.key);
				await database.queue.put({
					...entry,
					key: `rejected:${entry.mutationId}`,
					state: 'rejected',
					rejection: { reason: result.reason, message: result.message }
				});
				continue;
			}
			await database.queue.delete(entry.key);
			await bumpVersions(entry, result.version);
		}
	});
}

async function bumpVersions(entry: QueueEntry, version: number): Promise<void> {
	const database = db();
	const key = syncStateKey(entry.entity, entry.entityId);
	const row: SyncStateRow = (await database.syncState.get(key)) ?? {
		key,
		inspectionId: entry.inspectionId,
		versions: {}
	};
	for (const field of dataFields(entry)) {
		row.versions[field] = Math.max(row.versions[field] ?? 0, version);
	}
	await database.syncState.put(row);
}

const CURSOR_KEY = 'pullCursor';
/** Within one round: the last version before the first change held back, across pages. */
const HOLD_KEY = 'pullHold';

/** Where the next round's pull starts; a round starts with no change held back. */
export async function pullCursor(): Promise<number> {
	const database = db();
	await database.meta.delete(HOLD_KEY);
	const row = await database.meta.get(CURSOR_KEY);
	return typeof row?.value === 'number' ? row.value : 0;
}

/**
 * One page of pulled changes, with the cursor after it: all of it lands, or none of it. When part
 * of a change was held back for an edit still waiting, the stored cursor stays just before that
 * change, so the next round pulls it again and takes what the acknowledged edit no longer covers.
 */
export async function applyPulled(changes: Change[], cursor: number): Promise<void> {
	const database = db();
	await database.transaction(
		'rw',
		[
			database.queue,
			database.syncState,
			database.meta,
			database.inspections,
			database.answerFields,
			database.findings,
			database.indicatorValues,
			database.photos,
			database.photoBytes,
			database.templates,
			database.indicatorSets,
			database.units,
			database.conflicts,
			database.minutes
		],
		async () => {
			const pending = pendingFieldsByRow(await database.queue.toArray());
			const before = (await database.meta.get(HOLD_KEY))?.value;
			let hold = typeof before === 'number' ? before : Infinity;
			const page = await PageWrites.load(changes);
			for (const change of changes) {
				const result = applyChange(change, pending, page);
				if (typeof result === 'boolean' ? result : await result) {
					hold = Math.min(hold, change.version - 1);
				}
			}
			await page.flush();
			if (Number.isFinite(hold)) await database.meta.put({ key: HOLD_KEY, value: hold });
			await database.meta.put({ key: CURSOR_KEY, value: Math.min(cursor, hold) });
		}
	);
}

export const unsentPhotos = unsent;
export const photoBytes = fullBytes;
export { markUploaded, missingBytes, storeDownloaded };

export async function keyToRegister(): Promise<{ keyId: string; publicKeyJwk: object } | null> {
	// Read, never made here: a device that never sealed anything has no key to register.
	const key = await storedDeviceKey();
	if (!key || (await registeredKeyId()) === key.keyId) return null;
	return { keyId: key.keyId, publicKeyJwk: key.publicKeyJwk };
}

export async function pdfBytes(minutesId: string): Promise<ArrayBuffer | undefined> {
	return (await pdfOf(minutesId))?.bytes;
}

export { holdReserve, markKeyRegistered, markPdfUploaded, releaseReserve, unsentPdfs };
