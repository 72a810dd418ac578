/**
 * A small model of the sync protocol for the property tests, built on the real merge rules: a
 * server that applies pushes as src/lib/server/sync/push.ts does (one global version, each
 * mutation id applied once, its result stored) and serves pulls as pull.ts does (rows changed
 * after a cursor, in version order, tombstones without fields), and devices that queue writes as
 * src/lib/db/write-path.ts does (answers one entry per field, other rows one merged entry each,
 * sent entries never changed). Test support only; nothing in the app imports it.
 */
import {
	acknowledge,
	applyLocal,
	applyMutation,
	applyPulled,
	baseFor,
	fieldsOfPatch,
	WHOLE_ROW,
	type Conflict,
	type RowState
} from './merge';
import type { Change, MutationResult, PullResponse, PushMutation } from './protocol';

export type Edit = {
	entity: 'answer' | 'finding';
	entityId: string;
	op: 'upsert' | 'delete';
	/** Answers: the one field this edit sets. */
	field: string;
	value: string;
};

type Result = Exclude<MutationResult, { status: 'rejected' }>;

/** A mutation the server applied for the first time, with the row before it: the history. */
export type Logged = {
	mutation: PushMutation;
	deviceId: string;
	version: number;
	before: RowState | undefined;
	after: RowState;
	conflicts: Conflict[];
};

const INSPECTION = '00000000-0000-4000-8000-000000000001';

const keyOf = (entity: string, entityId: string) => `${entity}:${entityId}`;

export class ModelServer {
	readonly rows = new Map<string, { state: RowState; version: number; change: Change }>();
	version = 0;
	readonly conflicts: (Conflict & { row: string })[] = [];
	readonly log: Logged[] = [];
	readonly #results = new Map<string, Result>();

	push(deviceId: string, mutations: PushMutation[]): Result[] {
		return mutations.map((m) => {
			const seen = this.#results.get(m.mutationId);
			if (seen) return { ...seen, status: 'duplicate' };
			const key = keyOf(m.entity, m.entityId);
			const before = this.rows.get(key)?.state;
			const version = ++this.version;
			const { row, conflicts, changed } = applyMutation(before, m, {
				version,
				by: `user-${deviceId}`,
				deviceId
			});
			if (changed) {
				const change: Change = {
					version,
					entity: m.entity,
					entityId: m.entityId,
					inspectionId: m.inspectionId,
					deleted: row.deleted,
					fields: row.deleted ? {} : row.fields
				};
				this.rows.set(key, { state: row, version, change });
			}
			for (const c of conflicts) this.conflicts.push({ ...c, row: key });
			this.log.push({ mutation: m, deviceId, version, before, after: row, conflicts });
			const result: Result = {
				mutationId: m.mutationId,
				status: conflicts.length ? 'conflict' : 'applied',
				version
			};
			this.#results.set(m.mutationId, result);
			return result;
		});
	}

	pull(cursor: number, limit: number): PullResponse {
		const after = [...this.rows.values()]
			.filter((r) => r.version > cursor)
			.sort((a, b) => a.version - b.version);
		const page = after.slice(0, limit);
		return {
			changes: page.map((r) => r.change),
			cursor: page.at(-1)?.version ?? cursor,
			more: after.length > limit
		};
	}

	/** The live rows' values, as every device should end up showing them. */
	values(): Record<string, Record<string, unknown>> {
		return valuesOf(this.rows.entries(), (r) => r.state);
	}

	/** Everything a replayed mutation must leave alone. */
	state(): string {
		return JSON.stringify([[...this.rows], this.version, this.conflicts, this.log.length]);
	}
}

function valuesOf<T>(
	rows: Iterable<[string, T]>,
	stateOf: (row: T) => RowState
): Record<string, Record<string, unknown>> {
	const out: Record<string, Record<string, unknown>> = {};
	for (const [key, row] of rows) {
		const { fields, deleted } = stateOf(row);
		if (deleted) continue;
		out[key] = Object.fromEntries(Object.entries(fields).map(([f, s]) => [f, s.value]));
	}
	return out;
}

type Entry = {
	key: string;
	mutation: PushMutation;
	sent: boolean;
	/** Per data field, the version the device showed when the person first edited it here. */
	seen: Record<string, number>;
};

export class ModelDevice {
	readonly rows = new Map<string, RowState>();
	queue: Entry[] = [];
	cursor = 0;
	#next = 0;
	#clock = 0;

	constructor(readonly id: string) {}

	/** A person's write: the local row and the queue change together, as in one transaction. */
	write(edit: Edit): void {
		const rowKey = keyOf(edit.entity, edit.entityId);
		const row = this.rows.get(rowKey);
		// Rows with an id of their own (findings, photos) are never written again once deleted, and
		// only a row on the screen can be deleted.
		if (row?.deleted || (edit.op === 'delete' && !row)) return;
		const at = new Date(Date.UTC(2025, 0, 1, 0, 0, ++this.#clock)).toISOString();
		const patch: Record<string, unknown> =
			edit.op === 'delete'
				? {}
				: edit.entity === 'answer'
					? { [edit.field]: edit.value, answeredBy: this.id, answeredAt: at, deviceId: this.id }
					: { [edit.field]: edit.value, updatedAt: at };
		const mutation = { op: edit.op, patch, at };
		this.rows.set(rowKey, applyLocal(row, mutation, { by: this.id, deviceId: this.id }));
		const perField = edit.entity === 'answer';
		const key = `pending:${rowKey}${perField ? `:${edit.field}` : ''}`;
		const waiting = perField ? undefined : this.queue.find((q) => q.key === key);
		const merged =
			!waiting || edit.op === 'delete' || waiting.mutation.op === 'delete'
				? patch
				: { ...waiting.mutation.patch, ...patch };
		const seen = { ...baseFor(row, fieldsOfPatch(patch).data), ...waiting?.seen };
		this.queue = this.queue.filter((q) => q.key !== key);
		this.queue.push({
			key,
			sent: false,
			seen,
			mutation: {
				mutationId: waiting?.mutation.mutationId ?? `${this.id}-${++this.#next}`,
				entity: edit.entity,
				entityId: edit.entityId,
				inspectionId: INSPECTION,
				op: edit.op,
				patch: merged,
				at,
				base: {}
			}
		});
	}

	/** Everything waiting, oldest edit first, each with its base as of now; all of it is sent. */
	batch(): PushMutation[] {
		return this.queue.map((entry) => {
			if (!entry.sent) entry.key = `sent:${entry.mutation.mutationId}`;
			entry.sent = true;
			const row = this.rows.get(keyOf(entry.mutation.entity, entry.mutation.entityId));
			return { ...entry.mutation, base: baseFor(row, fieldsOfPatch(entry.mutation.patch).data) };
		});
	}

	seenFor(mutationId: string): Record<string, number> | undefined {
		return this.queue.find((q) => q.mutation.mutationId === mutationId)?.seen;
	}

	/** What waits for a row: its data fields, or the whole row for a delete. */
	pending(rowKey: string): Set<string> {
		const fields = new Set<string>();
		for (const { mutation } of this.queue) {
			if (keyOf(mutation.entity, mutation.entityId) !== rowKey) continue;
			if (mutation.op === 'delete') fields.add(WHOLE_ROW);
			for (const f of fieldsOfPatch(mutation.patch).data) fields.add(f);
		}
		return fields;
	}

	acknowledge(results: Result[]): void {
		for (const r of results) {
			const entry = this.queue.find((q) => q.sent && q.mutation.mutationId === r.mutationId);
			if (!entry) continue;
			this.queue = this.queue.filter((q) => q !== entry);
			const rowKey = keyOf(entry.mutation.entity, entry.mutation.entityId);
			const row = this.rows.get(rowKey);
			this.rows.set(rowKey, acknowledge(row, entry.mutation, r.version, this.pending(rowKey)));
		}
	}

	/** One page; returns whether more is waiting. */
	pull(server: ModelServer, limit: number): boolean {
		const page = server.pull(this.cursor, limit);
		for (const change of page.changes) {
			const rowKey = keyOf(change.entity, change.entityId);
			this.rows.set(rowKey, applyPulled(this.rows.get(rowKey), change, this.pending(rowKey)));
		}
		this.cursor = page.cursor;
		return page.more;
	}

	values(): Record<string, Record<string, unknown>> {
		return valuesOf(this.rows.entries(), (r) => r);
	}
}
