/** Fixtures for the db specs only: a fresh database per test and a small frozen checklist. */
import type { Table } from 'dexie';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Entity, IndicatorSet, Inspection, Template } from '$lib/domain';
import { makeIndicatorSet, makeItem, makeSection, makeTemplate } from '$lib/domain/test-factories';
import { db, useDatabase } from './connection';
import { KiemTraDB, type QueueEntry } from './database';
import { create, type NewInspection } from './inspections';
import { setInspectorName } from './meta';
import { markSending } from './outbox';
import { RESERVE_BYTES } from './reserve';

/** Registers beforeEach/afterEach hooks that give every test its own empty database. */
export function useFreshDatabase(): () => KiemTraDB {
	let current: KiemTraDB | undefined;
	beforeEach(async () => {
		current = new KiemTraDB(`test-${crypto.randomUUID()}`);
		useDatabase(current);
		// The name lives outside the database (localStorage, or memory in Node): start each test
		// without one, as a fresh database used to.
		await setInspectorName('');
	});
	afterEach(() => {
		vi.restoreAllMocks();
		current?.close();
		current = undefined;
	});
	return () => {
		if (!current) throw new Error('no test database');
		return current;
	};
}

export const PASS_FAIL = makeItem({
	id: 'A1',
	valueField: { type: 'number', label: { vi: 'Số TTHC niêm yết sai' }, numberKind: 'count' }
});
export const COUNT = makeItem({ id: 'A2', answerType: 'number', photo: 'none' });
export const PERCENT = makeItem({
	id: 'A3',
	answerType: 'number',
	photo: 'none',
	valueField: { type: 'number', label: { vi: 'Tỷ lệ' }, numberKind: 'percent' }
});
export const DATE = makeItem({ id: 'A4', answerType: 'date', photo: 'none' });
export const TEXT = makeItem({ id: 'A5', answerType: 'text', photo: 'none', required: false });

export function testTemplate(overrides: Partial<Template> = {}): Template {
	return makeTemplate({
		id: 'tpl-test',
		version: 1,
		indicatorSetId: 'qd-766',
		sections: [
			makeSection({ id: 'S1', items: [PASS_FAIL, COUNT, PERCENT] }),
			makeSection({ id: 'S2', title: { vi: 'Hồ sơ' }, items: [DATE, TEXT] })
		],
		...overrides
	});
}

export function testIndicatorSet(overrides: Partial<IndicatorSet> = {}): IndicatorSet {
	return makeIndicatorSet(overrides);
}

export function newInspectionInput(overrides: Partial<NewInspection> = {}): NewInspection {
	return {
		unitId: 'ubnd-phuong-ben-nghe',
		periodFrom: '2025-01-01',
		periodTo: '2025-06-30',
		visitDate: '2025-08-15',
		members: [
			{ name: 'Nguyễn Văn An', role: 'truong-doan', position: 'Phó Chánh Văn phòng' },
			{ name: 'Trần Thị Bình', role: 'thu-ky', position: '' }
		],
		template: testTemplate(),
		indicatorSet: testIndicatorSet(),
		...overrides
	};
}

export function createInspection(overrides: Partial<NewInspection> = {}): Promise<Inspection> {
	return create(newInspectionInput(overrides));
}

/**
 * The queue entries of one row, oldest first. An entry in a push was queued before any pending
 * entry of its row, so it comes first when both carry the same millisecond.
 */
export async function outboxFor(entity: Entity, entityId: string): Promise<QueueEntry[]> {
	const all = await db().queue.toArray();
	return all
		.filter((e) => e.entity === entity && e.entityId === entityId)
		.sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b) || a.key.localeCompare(b.key));
}

function rank(entry: QueueEntry): number {
	return entry.state === 'sending' ? 0 : 1;
}

export const quotaError = () => new DOMException('full', 'QuotaExceededError');

/**
 * Makes every write method of `table` reject with `error`: the write path picks put or bulkPut
 * by how many rows it writes, and a test of a failure should not depend on that choice.
 */
export function failWrites(table: Table, error: unknown = quotaError()): void {
	for (const method of ['add', 'bulkAdd', 'put', 'bulkPut', 'update'] as const) {
		vi.spyOn(table, method).mockRejectedValue(error);
	}
}

export async function snapshot(): Promise<Record<string, unknown[]>> {
	const d = db();
	return {
		inspections: await d.inspections.toArray(),
		answerFields: await d.answerFields.toArray(),
		findings: await d.findings.toArray(),
		indicatorValues: await d.indicatorValues.toArray(),
		queue: await d.queue.toArray(),
		photos: await d.photos.toArray(),
		photoBytes: await d.photoBytes.toArray()
	};
}

/** As if a push had picked up everything queued so far. */
export async function markAllSending(): Promise<void> {
	await markSending(await db().queue.toCollection().primaryKeys());
}

/** Roughly what a value takes on disk: its bytes and text; enough to tell a ballast from a row. */
function sizeOf(value: unknown): number {
	if (value instanceof ArrayBuffer) return value.byteLength;
	if (ArrayBuffer.isView(value)) return value.byteLength;
	if (typeof value === 'string') return value.length * 2;
	if (value && typeof value === 'object') {
		return Object.values(value).reduce((sum: number, v) => sum + sizeOf(v), 0);
	}
	return 8;
}

export type FullDisk = { full: boolean; room: number; refused: number };

/**
 * A full disk under fake-indexeddb, for every test of the calling suite. While `full` is set, a
 * put or add bigger than `room` fails with QuotaExceededError, as IndexedDB does on a device at
 * its quota. Deleting the sync reserve frees its size and writing it takes it back; other writes
 * are counted as replacing what they overwrite, so they use no room.
 */
export function useFullDisk(): FullDisk {
	const disk: FullDisk = { full: false, room: 0, refused: 0 };
	const proto = IDBObjectStore.prototype;
	const { put, add, delete: remove } = proto;
	const isReserve = (store: IDBObjectStore, key: unknown) =>
		store.name === 'meta' && key === 'reserve';
	const check = (store: IDBObjectStore, value: unknown) => {
		if (!disk.full) return;
		const size = sizeOf(value);
		if (size > disk.room) {
			disk.refused++;
			throw quotaError();
		}
		if (isReserve(store, (value as { key?: unknown } | null)?.key)) disk.room -= size;
	};
	beforeEach(() => {
		Object.assign(disk, { full: false, room: 0, refused: 0 });
		proto.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
			check(this, args[0]);
			return put.apply(this, args);
		};
		proto.add = function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
			check(this, args[0]);
			return add.apply(this, args);
		};
		proto.delete = function (this: IDBObjectStore, query: IDBValidKey | IDBKeyRange) {
			if (disk.full && isReserve(this, query)) disk.room += RESERVE_BYTES;
			return remove.call(this, query);
		};
	});
	afterEach(() => {
		Object.assign(proto, { put, add, delete: remove });
	});
	return disk;
}
