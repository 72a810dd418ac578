/**
 * The per-field merge rules of docs/SYNC.md, as pure functions: the server applies pushes with
 * them, and the property tests run devices and a server through them.
 */
import { ATTRIBUTION_FIELDS, type FieldState, type PushMutation } from './protocol';

/**
 * A synced row as the server holds it: each field with the write that set it, and for a deleted
 * row the version of the delete (a tombstone keeps its fields for the audit trail).
 */
export type RowState = {
	fields: Record<string, FieldState>;
	deleted: boolean;
	deletedVersion?: number;
};

/** One field two devices changed concurrently; the applied value won, both are kept. */
export type Conflict = { field: string; overwritten: FieldState; applied: FieldState };

export type Writer = { version: number; by: string; deviceId: string };

export type Applied = { row: RowState; conflicts: Conflict[]; changed: boolean };

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

/**
 * Whether writing `incoming` over `current` overwrites a value its writer never saw: the field
 * changed on the server after the version the device based its edit on, by another device, to
 * something else.
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
 * Applies one mutation at server version `writer.version`. Every patched field takes the
 * incoming value (server order decides); a value overwritten without its writer's knowledge is
 * returned as a conflict, never dropped. A delete keeps the fields (audit) and marks the row. An
 * edit of a deleted row brings it back (the edit is data too), and when its device had not seen
 * the delete (no base at or after the delete's version) that is reported as a conflict on the
 * pseudo-field `deleted`, so the lead decides whether the row stays.
 */
export function applyMutation(
	current: RowState | undefined,
	mutation: Pick<PushMutation, 'op' | 'patch' | 'base' | 'at'>,
	writer: Writer
): Applied {
	const fields = { ...current?.fields };
	const stamp = (value: unknown): FieldState => ({
		value,
		version: writer.version,
		by: writer.by,
		deviceId: writer.deviceId,
		at: mutation.at
	});
	if (mutation.op === 'delete') {
		if (current?.deleted) return { row: current, conflicts: [], changed: false };
		return {
			row: { fields, deleted: true, deletedVersion: writer.version },
			conflicts: [],
			changed: true
		};
	}
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
	if (!current?.deleted || !changed) {
		return { row: { fields, deleted: current?.deleted ?? false }, conflicts, changed };
	}
	const deletedVersion = current.deletedVersion ?? 0;
	const sawDelete = Object.values(mutation.base).some((v) => v >= deletedVersion);
	if (!sawDelete) {
		const tombstone: FieldState = { ...stamp(true), version: deletedVersion, by: '', deviceId: '' };
		conflicts.push({ field: 'deleted', overwritten: tombstone, applied: stamp(false) });
	}
	return { row: { fields, deleted: false }, conflicts, changed };
}
