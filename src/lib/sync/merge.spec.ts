import { describe, expect, it } from 'vitest';
import {
	acknowledge,
	applyLocal,
	applyMutation,
	applyPulled,
	baseFor,
	DELETED_FIELD,
	fieldsOfPatch,
	isConflict,
	sameValue,
	WHOLE_ROW,
	type RowState
} from './merge';
import type { Change, FieldState } from './protocol';

const AT = '2025-08-15T08:00:00.000Z';
const A = { by: 'u-a', deviceId: 'dev-a' };
const B = { by: 'u-b', deviceId: 'dev-b' };
const NONE: ReadonlySet<string> = new Set();

function write(
	row: RowState | undefined,
	version: number,
	who: typeof A,
	patch: Record<string, unknown>,
	base: Record<string, number> = {}
) {
	return applyMutation(row, { op: 'upsert', patch, base, at: AT }, { version, ...who });
}

function remove(row: RowState | undefined, version: number) {
	return applyMutation(row, { op: 'delete', patch: {}, base: {}, at: AT }, { version, ...B });
}

function state(value: unknown, version: number, who = B): FieldState {
	return { value, version, ...who, at: AT };
}

function change(version: number, fields: Record<string, FieldState>, deleted = false): Change {
	return { version, entity: 'finding', entityId: 'f1', inspectionId: null, deleted, fields };
}

const values = (row: RowState) =>
	Object.fromEntries(Object.entries(row.fields).map(([f, s]) => [f, s.value]));

describe('sameValue and fieldsOfPatch', () => {
	it('compares JSON values deeply, objects by keys in any order', () => {
		expect(sameValue({ a: 1, b: [1, { c: 'đ' }] }, { b: [1, { c: 'đ' }], a: 1 })).toBe(true);
		expect(sameValue([1, 2], [2, 1])).toBe(false);
		expect(sameValue(null, 0)).toBe(false);
		expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
		expect(sameValue([], {})).toBe(false);
	});

	it('splits a queued answer patch into its one data field and its attribution', () => {
		const patch = { inspectionId: 'i', itemId: 'q1', note: 'x', answeredAt: AT, deviceId: 'd' };
		expect(fieldsOfPatch(patch)).toEqual({
			data: ['note'],
			attribution: ['inspectionId', 'itemId', 'answeredAt', 'deviceId']
		});
		expect(fieldsOfPatch({ 'counts.received': 3 }).data).toEqual(['counts.received']);
	});
});

describe('applyMutation (server)', () => {
	it('needs all three for a conflict: a newer version, another device and another value', () => {
		const current = state('pass', 5, A);
		expect(isConflict(current, 'fail', 4, 'dev-b')).toBe(true);
		expect(isConflict(current, 'fail', 5, 'dev-b')).toBe(false);
		expect(isConflict(current, 'fail', 4, 'dev-a')).toBe(false);
		expect(isConflict(current, 'pass', 4, 'dev-b')).toBe(false);
		expect(isConflict(undefined, 'fail', 0, 'dev-b')).toBe(false);
	});

	it('sets every patched field at the writer’s version, without conflict on a fresh row', () => {
		const { row, conflicts, changed } = write(undefined, 1, A, { result: 'pass', note: 'x' });
		expect({ changed, conflicts, deleted: row.deleted }).toEqual({
			changed: true,
			conflicts: [],
			deleted: false
		});
		expect(row.fields['result']).toEqual(state('pass', 1, A));
	});

	it('keeps both values when another device changed the field after the writer’s base', () => {
		const first = write(undefined, 1, A, { result: 'pass' }).row;
		const { row, conflicts } = write(first, 2, B, { result: 'fail' }, { result: 0 });
		expect(row.fields['result']?.value).toBe('fail');
		expect(conflicts).toEqual([
			{ field: 'result', overwritten: state('pass', 1, A), applied: state('fail', 2, B) }
		]);
	});

	it('sees no conflict when the writer saw the latest value, wrote it itself, or writes the same', () => {
		const first = write(undefined, 1, A, { result: 'pass' }).row;
		expect(write(first, 2, B, { result: 'fail' }, { result: 1 }).conflicts).toEqual([]);
		expect(write(first, 2, A, { result: 'fail' }, { result: 0 }).conflicts).toEqual([]);
		const same = write(first, 2, B, { result: 'pass' }, { result: 0 });
		expect(same).toEqual({ row: first, conflicts: [], changed: false });
	});

	it('compares objects and arrays by value', () => {
		const first = write(undefined, 1, A, { members: [{ id: 'u1', role: 'lead' }] }).row;
		const same = write(first, 2, B, { members: [{ role: 'lead', id: 'u1' }] }, {});
		expect(same.changed).toBe(false);
	});

	it('stores attribution fields for other devices but never reports them as conflicts', () => {
		const first = write(undefined, 1, A, { note: 'a', answeredBy: 'An' }).row;
		const { row, conflicts } = write(first, 2, B, { note: 'b', answeredBy: 'Bình' }, { note: 0 });
		expect(conflicts.map((c) => c.field)).toEqual(['note']);
		expect(row.fields['answeredBy']).toEqual(state('Bình', 2, B));
	});

	it('deletes once, keeping the fields for the audit trail', () => {
		const live = write(undefined, 1, A, { severity: 'high' }).row;
		const gone = remove(live, 2);
		expect(gone).toEqual({
			row: { fields: live.fields, deleted: true, deletedVersion: 2 },
			conflicts: [],
			changed: true
		});
		expect(remove(gone.row, 3)).toEqual({ row: gone.row, conflicts: [], changed: false });
	});

	it('brings a deleted row back on an edit, with a conflict when its device never saw the delete', () => {
		const gone = remove(write(undefined, 1, A, { severity: 'high' }).row, 2).row;
		const stale = write(gone, 4, A, { severity: 'low' }, { severity: 1 });
		expect(stale.row).toEqual({ fields: { severity: state('low', 4, A) }, deleted: false });
		expect(stale.conflicts).toEqual([
			{
				field: DELETED_FIELD,
				overwritten: { value: true, version: 2, by: '', deviceId: '', at: AT },
				applied: state(false, 4, A)
			}
		]);
		expect(write(gone, 4, A, { severity: 'low' }, { severity: 2 }).conflicts).toEqual([]);
		const sameValues = write(gone, 4, A, { severity: 'high' }, { severity: 1 });
		expect(sameValues.changed).toBe(true);
		expect(sameValues.row.deleted).toBe(false);
		expect(write(gone, 4, A, {}).changed).toBe(false);
	});
});

describe('device rows: local edits, pulls and acknowledgements', () => {
	const pulled = (fields: Record<string, FieldState>) =>
		applyPulled(undefined, change(3, fields), NONE);

	it('keeps the base of a local edit until the server acknowledges it', () => {
		const row = applyLocal(
			pulled({ note: state('a', 3) }),
			{ op: 'upsert', patch: { note: 'b', text: 't' }, at: AT },
			A
		);
		expect(values(row)).toEqual({ note: 'b', text: 't' });
		expect(baseFor(row, ['note', 'text'])).toEqual({ note: 3, text: 0 });
		expect(baseFor(undefined, ['note'])).toEqual({ note: 0 });
		const done = acknowledge(row, { op: 'upsert', patch: { note: 'b', text: 't' } }, 7, NONE);
		expect(baseFor(done, ['note', 'text'])).toEqual({ note: 7, text: 7 });
	});

	it('takes pulled fields newer than its own and ignores older ones', () => {
		const row = pulled({ note: state('a', 3), text: state('t', 2) });
		const next = applyPulled(row, change(5, { note: state('b', 5), text: state('t', 2) }), NONE);
		expect(values(next)).toEqual({ note: 'b', text: 't' });
		expect(applyPulled(next, change(4, { note: state('old', 4) }), NONE)).toEqual(next);
	});

	it('keeps a pending value and its base over a pulled one, and holds the pulled state', () => {
		const mine = applyLocal(
			pulled({ note: state('a', 3) }),
			{ op: 'upsert', patch: { note: 'mine' }, at: AT },
			A
		);
		const next = applyPulled(mine, change(5, { note: state('theirs', 5) }), new Set(['note']));
		expect(values(next)).toEqual({ note: 'mine' });
		expect(baseFor(next, ['note'])).toEqual({ note: 3 });
		expect(next.held?.version).toBe(5);
		const newer = applyPulled(next, change(6, { note: state('later', 6) }), new Set(['note']));
		expect(newer.held?.version).toBe(6);
		expect(applyPulled(newer, change(5, {}), new Set(['note'])).held?.version).toBe(6);
	});

	it('takes the held value at acknowledgement when it is newer than its own write', () => {
		// The push was applied at 4 but its answer lost; another device wrote at 5, pulled meanwhile.
		const mine = applyLocal(
			pulled({ note: state('a', 3) }),
			{ op: 'upsert', patch: { note: 'mine' }, at: AT },
			A
		);
		const waiting = applyPulled(mine, change(5, { note: state('theirs', 5) }), new Set(['note']));
		const done = acknowledge(waiting, { op: 'upsert', patch: { note: 'mine' } }, 4, NONE);
		expect(done).toEqual({ fields: { note: state('theirs', 5) }, deleted: false });
		// Acknowledged after the other write: its own value is the server's.
		const later = applyPulled(mine, change(5, { note: state('theirs', 5) }), new Set(['note']));
		const kept = acknowledge(later, { op: 'upsert', patch: { note: 'mine' } }, 6, NONE);
		expect(kept.fields['note']).toMatchObject({ value: 'mine', version: 6 });
		expect(kept.held).toBeUndefined();
	});

	it('holds a newer state while a second edit of the field still waits', () => {
		const mine = applyLocal(
			pulled({ note: state('a', 3) }),
			{ op: 'upsert', patch: { note: 'b' }, at: AT },
			A
		);
		const waiting = applyPulled(mine, change(5, { note: state('theirs', 5) }), new Set(['note']));
		const first = acknowledge(
			waiting,
			{ op: 'upsert', patch: { note: 'a1' } },
			4,
			new Set(['note'])
		);
		expect(first.fields['note']).toMatchObject({ value: 'b', version: 4 });
		expect(first.held?.version).toBe(5);
	});

	it('gives an acknowledged field no version its shown value does not have', () => {
		// An attribution field is not pending: a pull may replace it before the answer comes.
		const mine = applyLocal(undefined, { op: 'upsert', patch: { answeredBy: 'An' }, at: AT }, A);
		const pulledOver = applyPulled(mine, change(2, { answeredBy: state('Bình', 2) }), NONE);
		const done = acknowledge(pulledOver, { op: 'upsert', patch: { answeredBy: 'An' } }, 3, NONE);
		expect(done.fields['answeredBy']).toEqual(state('Bình', 2));
	});

	it('turns a row into a tombstone on a pulled delete, and back on a later edit from elsewhere', () => {
		const row = pulled({ note: state('a', 3) });
		const gone = applyPulled(row, change(5, {}, true), NONE);
		expect(gone).toEqual({ fields: {}, deleted: true, deletedVersion: 5 });
		expect(baseFor(gone, ['note'])).toEqual({ note: 5 });
		expect(applyPulled(gone, change(4, { note: state('x', 4) }), NONE)).toBe(gone);
		const back = applyPulled(gone, change(7, { note: state('a', 3), text: state('t', 7) }), NONE);
		expect(back).toMatchObject({ deleted: false, deletedVersion: 5 });
		expect(values(back)).toEqual({ note: 'a', text: 't' });
		expect(applyPulled(back, change(6, {}, true), NONE)).toBe(back);
	});

	it('keeps a row with a pending edit over a pulled delete, and deletes it if the edit loses', () => {
		const mine = applyLocal(
			pulled({ note: state('a', 3) }),
			{ op: 'upsert', patch: { note: 'b' }, at: AT },
			A
		);
		const kept = applyPulled(mine, change(5, {}, true), new Set(['note']));
		expect(values(kept)).toEqual({ note: 'b' });
		expect(baseFor(kept, ['note'])).toEqual({ note: 3 });
		// Applied at 6, after the delete: the edit brought the row back.
		const back = acknowledge(kept, { op: 'upsert', patch: { note: 'b' } }, 6, NONE);
		expect(back).toEqual({ fields: { note: state('b', 6, A) }, deleted: false });
		// Applied at 4, before it (the answer was lost): the delete stands.
		const gone = acknowledge(kept, { op: 'upsert', patch: { note: 'b' } }, 4, NONE);
		expect(gone).toEqual({ fields: {}, deleted: true, deletedVersion: 5 });
	});

	it('holds everything while its own delete waits, and takes a later edit from elsewhere after', () => {
		const row = pulled({ note: state('a', 3) });
		const deleting = applyLocal(row, { op: 'delete', patch: {}, at: AT }, A);
		expect(deleting).toEqual({ fields: {}, deleted: true });
		const pending = new Set([WHOLE_ROW]);
		const held = applyPulled(deleting, change(8, { note: state('b', 8) }), pending);
		expect(held).toMatchObject({ fields: {}, deleted: true });
		expect(acknowledge(held, { op: 'delete', patch: {} }, 9, NONE)).toEqual({
			fields: {},
			deleted: true,
			deletedVersion: 9
		});
		const revived = acknowledge(held, { op: 'delete', patch: {} }, 6, NONE);
		expect(revived).toMatchObject({ deleted: false, deletedVersion: 6 });
		expect(values(revived)).toEqual({ note: 'b' });
	});
});
