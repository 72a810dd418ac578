/**
 * The one write path. A caller validates first, then hands the row write and the description of
 * the change to `commit`: both land in one IndexedDB transaction with the outbox entry, or
 * neither does. Only after `commit` resolves may the UI say "đã lưu".
 *
 * Pending (not yet pushed) outbox entries for the same row are merged, so ten taps on one answer
 * wait as one change, and two tabs editing the same row never count twice.
 */
import type { Table } from 'dexie';
import { newId, nowIso, type Entity } from '$lib/domain';
import { db } from './connection';
import type { OutboxEntry } from './database';
import { toStorageError } from './errors';

export type Change = {
	entity: Entity;
	entityId: string;
	inspectionId: string;
	op: 'upsert' | 'delete';
	patch: Record<string, unknown>;
};

let inFlight = 0;
let waiters: (() => void)[] = [];

/** Resolves once no write of this tab is mid-transaction; the app waits for it before an update reloads. */
export function whenWritesSettled(): Promise<void> {
	if (inFlight === 0) return Promise.resolve();
	return new Promise((resolve) => waiters.push(resolve));
}

export async function commit(
	tables: Table[],
	write: () => Promise<Change | Change[]>
): Promise<void> {
	const database = db();
	inFlight++;
	try {
		await database.transaction('rw', [...tables, database.outbox], async () => {
			const result = await write();
			for (const change of Array.isArray(result) ? result : [result]) await enqueue(change);
		});
	} catch (e) {
		throw toStorageError(e);
	} finally {
		inFlight--;
		if (inFlight === 0) {
			const done = waiters;
			waiters = [];
			for (const w of done) w();
		}
	}
}

async function enqueue(change: Change): Promise<void> {
	const outbox = db().outbox;
	const at = nowIso();
	const pending = await outbox
		.where('[entity+entityId]')
		.equals([change.entity, change.entityId])
		.filter((row) => row.state === 'pending')
		.last();
	if (pending?.seq !== undefined) {
		const merged: Partial<OutboxEntry> =
			change.op === 'delete'
				? { op: 'delete', patch: {}, at }
				: { op: pending.op, patch: { ...pending.patch, ...change.patch }, at };
		if (pending.op === 'delete' && change.op === 'upsert') {
			merged.op = 'upsert';
			merged.patch = change.patch;
		}
		await outbox.update(pending.seq, merged);
		return;
	}
	await outbox.add({ mutationId: newId(), state: 'pending', at, ...change });
}
