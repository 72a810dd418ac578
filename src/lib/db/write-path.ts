/**
 * The one write path. A caller validates first, then hands the row write and the description of
 * the change to `commit`: both land in one IndexedDB transaction with the queue entry, or neither
 * does. Only after `commit` resolves may the UI say "đã lưu".
 *
 * A waiting change is keyed by what it changes (`pending:<entity>:<id>`, per field for answers),
 * so ten taps on one answer wait as one change and two tabs editing the same row never count
 * twice. A change that owns its whole key (an answer field) is written blind, with no read: that
 * is the answer tap's hot path. Other changes merge into the waiting entry of their key. Entries
 * already in a push are re-keyed `sent:<mutationId>` (see outbox.markSending), so later edits
 * start a new entry instead of changing what the server may already have applied.
 */
import type { Table } from 'dexie';
import { newId, nowIso } from '$lib/domain/ids';
import type { Entity } from '$lib/domain/mutation';
import { db } from './connection';
import { queueKey, type QueueEntry } from './database';
import { toStorageError } from './errors';

export type Change = {
	entity: Entity;
	entityId: string;
	inspectionId: string;
	op: 'upsert' | 'delete';
	patch: Record<string, unknown>;
	/** Answers queue per field: the entry holds that field's latest value and nothing else. */
	field?: string;
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
 * Runs `write` in one transaction with the queue. `write` reads what it needs, starts its row
 * writes through `stage` (or awaits them), and returns the changes to queue; the staged writes
 * and the queue writes are then awaited together, and the transaction commits all or nothing.
 */
export function commit(
	tables: Table[],
	write: (stage: Stage) => Change | Change[] | Promise<Change | Change[]>
): Promise<void> {
	// An async scope, so that Dexie carries the transaction across the native awaits of an async
	// `write` (a plain one lets it commit at the first such await, and later writes then land
	// outside it, one by one).
	return run(tables, async () => {
		const staged: Promise<unknown>[] = [];
		const result = write((p) => staged.push(p));
		// Not `instanceof Promise`: inside a transaction the global Promise is Dexie's.
		return enqueueAll('then' in result ? await result : result, staged);
	});
}

/**
 * `commit` for a write that reads nothing and awaits nothing (the answer tap): it runs in a plain
 * scope, which spares Dexie the bookkeeping an async scope needs.
 */
export function commitBlind(tables: Table[], write: (stage: Stage) => Change[]): Promise<void> {
	return run(tables, () => {
		const staged: Promise<unknown>[] = [];
		const changes = write((p) => staged.push(p));
		return enqueueAll(changes, staged);
	});
}

async function run(
	tables: Table[],
	// Passed to Dexie as is: Dexie tells an async scope from a plain one by the function itself.
	scope: () => Promise<unknown>
): Promise<void> {
	const database = db();
	inFlight++;
	try {
		await database.transaction('rw', [...tables, database.queue], scope);
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

function enqueueAll(result: Change | Change[], staged: Promise<unknown>[]): Promise<unknown> {
	const queue = db().queue;
	const changes = Array.isArray(result) ? result : [result];
	const merging = changes.filter((c) => c.field === undefined);
	const write = (waiting: (QueueEntry | undefined)[]) => {
		const entries = changes.map((change) => {
			const i = merging.indexOf(change);
			return entryFor(change, i < 0 ? undefined : waiting[i]);
		});
		const [only] = entries;
		return Promise.all([
			...staged,
			entries.length === 1 && only ? queue.put(only) : queue.bulkPut(entries)
		]);
	};
	// Blind changes (the answer tap) skip the read altogether.
	if (merging.length === 0) return write([]);
	return queue.bulkGet(merging.map((c) => queueKey(c.entity, c.entityId))).then(write);
}

function entryFor(change: Change, waiting: QueueEntry | undefined): QueueEntry {
	const at = nowIso();
	const { field, ...rest } = change;
	const entry: QueueEntry = {
		...rest,
		key: queueKey(change.entity, change.entityId, field),
		mutationId: waiting?.mutationId ?? newId(),
		state: 'pending',
		at
	};
	if (!waiting) return entry;
	if (change.op === 'delete') return { ...entry, op: 'delete', patch: {} };
	if (waiting.op === 'delete') return entry;
	return { ...entry, patch: { ...waiting.patch, ...change.patch } };
}
