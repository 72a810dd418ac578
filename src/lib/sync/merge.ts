/**
 * The merge rules of docs/SYNC.md as pure functions, shared by the server (a push, inside its
 * transaction) and the device (a pull, an acknowledgement, a local edit). Nothing here reads a
 * clock or a database: the caller passes the version it allocated.
 */
import { ATTRIBUTION_FIELDS, type Change, type FieldState, type PushMutation } from './protocol';

/**
 * One synced row.
 *
 * On the server each field holds the write that set it; a deleted row keeps its fields for the
 * audit trail, and `deletedVersion` is the version of the delete.
 *
 * On a device each field holds the value shown, and its `version` is the server version that value
 * rests on: a pulled or acknowledged value has the server's, a local edit keeps the one it was
 * made over (0: never saw one) until the server acknowledges it, so it is the edit's `base`.
 * `deletedVersion` is the latest delete the device saw, kept after the row comes back: seeing a
 * delete is seeing every field as of it. `held` is the newest pulled state the device could not
 * take whole because an edit of the row was waiting; `acknowledge` takes it up again.
 */
export type RowState = {
	fields: Record<string, FieldState>;
	deleted: boolean;
	deletedVersion?: number;
	held?: Change;
};

/** One field two devices changed concurrently: the applied value won, both are kept. */
export type Conflict = { field: string; overwritten: FieldState; applied: FieldState };

/** The server's write: the version allocated for the mutation, and who sent it from where. */
export type Writer = { version: number; by: string; deviceId: string };

export type Applied = { row: RowState; conflicts: Conflict[]; changed: boolean };

/** In a device's pending fields: a delete of the whole row is waiting. */
export const WHOLE_ROW = '*';

/** The pseudo-field of the conflict recorded when an edit brings back a row deleted unseen. */
export const DELETED_FIELD = 'deleted';

/** Deep equality of JSON values (objects compare by keys, in any order). */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	return ka.every((k) =>
		sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
	);
}

/** A patch's keys: data, which carries a base and can conflict, and attribution, which cannot. */
export function fieldsOfPatch(patch: Record<string, unknown>): {
	data: string[];
	attribution: string[];
} {
	const keys = Object.keys(patch);
	return {
		data: keys.filter((k) => !ATTRIBUTION_FIELDS.has(k)),
		attribution: keys.filter((k) => ATTRIBUTION_FIELDS.has(k))
	};
}

/**
 * Whether writing `incoming` over `current` overwrites a value its writer never saw: the field
 * changed on the server after the version the edit was based on, by another device, to something
 * else.
 */
export function isConflict(
	current: FieldState | undefined,
	incoming: unknown,
	base: number,
	deviceId: string
): current is FieldState {
	return (
		current !== undefined &&
		base < current.version &&
		current.deviceId !== deviceId &&
		!sameValue(current.value, incoming)
	);
}

/**
 * The server applies one mutation at `writer.version`. Each patched field whose value differs
 * takes the incoming one (server order decides) and a value overwritten unseen is returned as a
 * conflict, never dropped; attribution fields are stored but never conflict. A delete marks the
 * row and keeps its fields. An upsert with a non-empty patch brings a deleted row back, even with
 * values equal to the stored ones (the device that sent it shows the row); when none of its base
 * versions reaches the delete, its device had not seen the delete, and a conflict on
 * `DELETED_FIELD` lets the lead decide whether the row stays. `changed` is false when nothing
 * differs, so the caller need not save the row.
 */
export function applyMutation(
	current: RowState | undefined,
	mutation: Pick<PushMutation, 'op' | 'patch' | 'base' | 'at'>,
	writer: Writer
): Applied {
	const stamp = (value: unknown): FieldState => ({
		value,
		version: writer.version,
		by: writer.by,
		deviceId: writer.deviceId,
		at: mutation.at
	});
	const row = current ?? { fields: {}, deleted: false };
	if (mutation.op === 'delete') {
		if (row.deleted) return { row, conflicts: [], changed: false };
		const tombstone = { fields: row.fields, deleted: true, deletedVersion: writer.version };
		return { row: tombstone, conflicts: [], changed: true };
	}
	const fields = { ...row.fields };
	const conflicts: Conflict[] = [];
	let changed = false;
	for (const [field, value] of Object.entries(mutation.patch)) {
		const before = fields[field];
		if (before && sameValue(before.value, value)) continue;
		const after = stamp(value);
		const base = mutation.base[field] ?? 0;
		if (!ATTRIBUTION_FIELDS.has(field) && isConflict(before, value, base, writer.deviceId)) {
			conflicts.push({ field, overwritten: before, applied: after });
		}
		fields[field] = after;
		changed = true;
	}
	const revived = row.deleted && Object.keys(mutation.patch).length > 0;
	if (!revived) {
		return changed ? { row: { ...row, fields }, conflicts, changed } : { row, conflicts, changed };
	}
	const deletedVersion = row.deletedVersion ?? 0;
	if (!Object.values(mutation.base).some((v) => v >= deletedVersion)) {
		// Who deleted is not part of the row; the version says when, in server order.
		const tombstone = { ...stamp(true), version: deletedVersion, by: '', deviceId: '' };
		conflicts.push({ field: DELETED_FIELD, overwritten: tombstone, applied: stamp(false) });
	}
	return { row: { fields, deleted: false }, conflicts, changed: true };
}

/** The base of a push of `fields`: per field, the server version the device's value rests on. */
export function baseFor(
	row: RowState | undefined,
	fields: readonly string[]
): Record<string, number> {
	const sawDelete = row?.deletedVersion ?? 0;
	return Object.fromEntries(
		fields.map((f) => [f, Math.max(row?.fields[f]?.version ?? 0, sawDelete)])
	);
}

/**
 * A device's own write, before it is queued. The values change and the versions do not: they
 * stay the base of the edit. A delete marks the row; the caller queues it and names the row
 * `WHOLE_ROW` in its pending fields until it is acknowledged.
 */
export function applyLocal(
	row: RowState | undefined,
	mutation: Pick<PushMutation, 'op' | 'patch' | 'at'>,
	who: Pick<Writer, 'by' | 'deviceId'>
): RowState {
	// A deleted row's data is gone from the device; what it held no longer bases anything.
	if (mutation.op === 'delete') return { ...row, fields: {}, deleted: true };
	const fields = { ...row?.fields };
	for (const [field, value] of Object.entries(mutation.patch)) {
		const version = fields[field]?.version ?? 0;
		fields[field] = { value, version, by: who.by, deviceId: who.deviceId, at: mutation.at };
	}
	return { ...row, fields, deleted: false };
}

function newest(row: RowState): number {
	return Math.max(row.deletedVersion ?? 0, ...Object.values(row.fields).map((f) => f.version));
}

function hold(row: RowState, change: Change): RowState {
	return row.held && row.held.version >= change.version ? row : { ...row, held: change };
}

/**
 * A pulled change (the row's whole state at `change.version`) meets the device's row. A field is
 * taken when its version is newer than the device's, unless it is in `pending` (an edit of it
 * waits to be pushed): then the device keeps its value and its version, so the edit's base still
 * says the person never saw the pulled value, and the change is held for `acknowledge`. A
 * tombstone newer than everything the device has turns the row into a tombstone (the caller
 * removes the local data and keeps this state), unless something of the row is pending: then it
 * is held too, since the waiting edit brings the row back on the server.
 */
export function applyPulled(
	local: RowState | undefined,
	change: Change,
	pending: ReadonlySet<string>
): RowState {
	const row = local ?? { fields: {}, deleted: false };
	if (pending.has(WHOLE_ROW)) return hold(row, change);
	if (change.deleted) {
		if (change.version <= newest(row)) return row;
		if (pending.size > 0) return hold(row, change);
		return { fields: {}, deleted: true, deletedVersion: change.version };
	}
	if (row.deleted && change.version <= (row.deletedVersion ?? 0)) return row;
	const fields = row.deleted ? {} : { ...row.fields };
	let heldBack = false;
	for (const [field, state] of Object.entries(change.fields)) {
		if (state.version <= (fields[field]?.version ?? 0)) continue;
		if (pending.has(field)) heldBack = true;
		else fields[field] = state;
	}
	const { held, ...rest } = row;
	const next: RowState = { ...rest, fields, deleted: false };
	// A newer whole state makes an older held one moot.
	if (heldBack) return hold(held ? { ...next, held } : next, change);
	return held && held.version > change.version ? { ...next, held } : next;
}

/**
 * The server acknowledged this device's `mutation` at `version`; `pending` is what still waits
 * for the row after it. A patched field now rests on `version` when the device still shows the
 * value it sent or a newer edit of its own; a value pulled in the meantime keeps its own version.
 * An acknowledged delete leaves a tombstone at `version`. The held change is then applied again:
 * what is no longer pending takes it, so a value another device wrote after this one (pulled while
 * the answer was on its way, or lost) is not missed.
 */
export function acknowledge(
	row: RowState | undefined,
	mutation: Pick<PushMutation, 'op' | 'patch'>,
	version: number,
	pending: ReadonlySet<string>
): RowState {
	let next: RowState;
	if (mutation.op === 'delete') {
		const deletedVersion = Math.max(row?.deletedVersion ?? 0, version);
		next = { fields: {}, deleted: true, deletedVersion, ...(row?.held ? { held: row.held } : {}) };
	} else {
		const fields = { ...row?.fields };
		for (const [field, sent] of Object.entries(mutation.patch)) {
			const state = fields[field];
			if (state && (pending.has(field) || sameValue(state.value, sent))) {
				fields[field] = { ...state, version: Math.max(state.version, version) };
			}
		}
		next = { ...row, fields, deleted: row?.deleted ?? false };
	}
	const { held, ...rest } = next;
	return held ? applyPulled(rest, held, pending) : rest;
}
