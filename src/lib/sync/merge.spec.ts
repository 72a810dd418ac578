import { describe, expect, it } from 'vitest';
import { applyMutation, isConflict, sameValue, type RowState } from './merge';

const AT = '2025-08-15T08:00:00.000Z';
const A = { by: 'u-a', deviceId: 'dev-a' };
const B = { by: 'u-b', deviceId: 'dev-b' };

function upsert(patch: Record<string, unknown>, base: Record<string, number> = {}) {
	return { op: 'upsert' as const, patch, base, at: AT };
}

function write(
	row: RowState | undefined,
	version: number,
	who: typeof A,
	patch: Record<string, unknown>,
	base: Record<string, number> = {}
) {
	return applyMutation(row, upsert(patch, base), { version, ...who });
}

describe('sameValue', () => {
	it('compares JSON values deeply, objects by keys in any order', () => {
		expect(sameValue({ a: 1, b: [1, { c: 'đ' }] }, { b: [1, { c: 'đ' }], a: 1 })).toBe(true);
		expect(sameValue([1, 2], [2, 1])).toBe(false);
		expect(sameValue(null, 0)).toBe(false);
		expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
		expect(sameValue([], {})).toBe(false);
	});
});

describe('applyMutation', () => {
	it('sets every patched field at the writer’s version, without conflict on a fresh row', () => {
		const { row, conflicts, changed } = write(undefined, 1, A, { result: 'pass', note: 'x' });
		expect(changed).toBe(true);
		expect(conflicts).toEqual([]);
		expect(row.fields['result']).toEqual({
			value: 'pass',
			version: 1,
			by: 'u-a',
			deviceId: 'dev-a',
			at: AT
		});
		expect(row.deleted).toBe(false);
	});

	it('records a conflict when another device changed the field after the writer’s base', () => {
		const first = write(undefined, 1, A, { result: 'pass' }).row;
		const { row, conflicts } = write(first, 2, B, { result: 'fail' }, { result: 0 });
		expect(row.fields['result']?.value).toBe('fail');
		expect(conflicts).toEqual([
			{ field: 'result', overwritten: first.fields['result'], applied: row.fields['result'] }
		]);
	});

	it('sees no conflict when the writer saw the latest value, wrote it itself, or writes the same', () => {
		const first = write(undefined, 1, A, { result: 'pass' }).row;
		expect(write(first, 2, B, { result: 'fail' }, { result: 1 }).conflicts).toEqual([]);
		expect(write(first, 2, A, { result: 'fail' }, { result: 0 }).conflicts).toEqual([]);
		const same = write(first, 2, B, { result: 'pass' }, { result: 0 });
		expect(same.conflicts).toEqual([]);
		expect(same.changed).toBe(false);
		expect(same.row.fields['result']?.version).toBe(1);
	});

	it('never reports attribution fields as conflicts', () => {
		const first = write(undefined, 1, A, { answeredBy: 'An' }).row;
		const { row, conflicts } = write(first, 2, B, { answeredBy: 'Bình' }, {});
		expect(conflicts).toEqual([]);
		expect(row.fields['answeredBy']?.value).toBe('Bình');
	});

	it('deletes once, keeping the fields; an edit from a device that never saw the delete is a conflict', () => {
		const live = write(undefined, 1, A, { severity: 'high' }).row;
		const gone = applyMutation(
			live,
			{ op: 'delete', patch: {}, base: {}, at: AT },
			{ version: 2, ...A }
		);
		expect(gone.row).toMatchObject({ deleted: true, deletedVersion: 2 });
		expect(gone.row.fields['severity']?.value).toBe('high');
		const again = applyMutation(
			gone.row,
			{ op: 'delete', patch: {}, base: {}, at: AT },
			{ version: 3, ...A }
		);
		expect(again.changed).toBe(false);

		const stale = write(gone.row, 4, B, { severity: 'low' }, { severity: 1 });
		expect(stale.row.deleted).toBe(false);
		expect(stale.conflicts.map((c) => c.field)).toEqual(['deleted']);
		const informed = write(gone.row, 4, B, { severity: 'low' }, { severity: 2 });
		expect(informed.conflicts).toEqual([]);
	});
});

describe('isConflict', () => {
	it('needs all three: a newer version, another device and another value', () => {
		const current = { value: 'pass', version: 5, by: 'u-a', deviceId: 'dev-a', at: AT };
		expect(isConflict(current, 'fail', 4, 'dev-b')).toBe(true);
		expect(isConflict(current, 'fail', 5, 'dev-b')).toBe(false);
		expect(isConflict(current, 'fail', 4, 'dev-a')).toBe(false);
		expect(isConflict(current, 'pass', 4, 'dev-b')).toBe(false);
		expect(isConflict(undefined, 'fail', 0, 'dev-b')).toBe(false);
	});
});
