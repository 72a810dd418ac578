/**
 * The one write path. A caller validates first, then hands the row write and the description of
 * the change to `commit`: both land in one IndexedDB transaction with the outbox entry, or
 * neither does. Only after `commit` resolves may the UI say "đã lưu".
 *
 * Pending (not yet pushed) outbox entries for the same row are merged, so ten taps on one answer
 * wait as one change, and two tabs editing the same row never count twice.
 */
import type { Table } from 'dexie';
import { newId, nowIso } from '$lib/domain/ids';
import type { Entity } from '$lib/domain/mutation';
import { db } from './connection';
import { pendingKeyOf, type OutboxEntry } from './database';
import { toStorageError } from './errors';

export type Change = {
	entity: Entity;
	entityId: string;
	inspectionId: string;
	op: 'upsert' | 'delete';
	patch: Record<string, unknown>;
	/**
	 * The row's pending outbox entry, when the caller already looked it up (null: there is none).
	 * Looking it up alongside the caller's own reads saves a round trip on the hot path.
	 */
	queued?: OutboxEntry | null;
};

/** Collects writes a transaction starts without awaiting, so they travel together. */
export type Stage = (write: Promise<unknown>) => void;

let inFlight = 0;
let waiters: (() => void)[] = [];

/** Resolves once no write of this tab is mid-transaction; the app waits for it before an update reloads. */
export function whenWritesSettled(): Promise<void> {
	if (inFlight === 0) return Promise.resolve();
	return new Promise((resolve) => waiters.push(resolve));
}

/**
 * Runs `write` in one transaction with the outbox. `write` reads what it needs, starts its row
 * writes through `stage` (or awaits them), and returns the changes to enqueue; the staged writes
 * and the outbox writes are then awaited together, and the transaction commits all or nothing.
 */
export async function commit(
	tables: Table[],
	write: (stage: Stage) => Promise<Change | Change[]>
): Promise<void> {
	const database = db();
	inFlight++;
	try {
		await database.transaction('rw', [...tables, database.outbox], async () => {
			const staged: Promise<unknown>[] = [];
			const result = await write((p) => staged.push(p));
			const changes = Array.isArray(result) ? result : [result];
			const queued = await Promise.all(
				changes.map((c) =>
					c.queued !== undefined ? Promise.resolve(c.queued) : pendingEntry(c.entity, c.entityId)
				)
			);
			await Promise.all([...staged, ...changes.map((c, i) => enqueue(c, queued[i] ?? null))]);
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

/** The row's entry still waiting to be pushed, if any; call inside a commit's transaction. */
export function pendingEntry(entity: Entity, entityId: string): Promise<OutboxEntry | null> {
	return db()
		.outbox.where('pendingKey')
		.equals(pendingKeyOf(entity, entityId))
		.first()
		.then((row) => row ?? null);
}

async function enqueue(change: Change, pending: OutboxEntry | null): Promise<void> {
	const outbox = db().outbox;
	const at = nowIso();
	const { queued: _queued, ...entry } = change;
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
	await outbox.add({
		mutationId: newId(),
		state: 'pending',
		pendingKey: pendingKeyOf(change.entity, change.entityId),
		at,
		...entry
	});
}
