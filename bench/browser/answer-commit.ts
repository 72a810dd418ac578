/**
 * Answer tap → durably committed, in the browser. Times our real write path (answers.save:
 * validate, then the answer-field row + its queue entry in one Dexie transaction) against the
 * floor under it: one raw IndexedDB readwrite transaction holding a single put.
 * Loaded by bench/answer-commit.bench.js, which calls `AnswerCommitBench.run` via page.evaluate.
 */
import { Dexie } from 'dexie';
import * as answers from '$lib/db/answers';
import { db } from '$lib/db/connection';
import * as inspections from '$lib/db/inspections';
import {
	answerId,
	loadDefaultTemplate,
	loadIndicatorSet,
	nowIso,
	templateItems,
	type Inspection,
	type Result,
	type TemplateItem
} from '$lib/domain';

export type Options = { warmup: number; iterations: number };
export type Timings = { app: number[]; raw: number[]; rawSame: number[]; dexieSame: number[] };

const RESULTS: Result[] = ['pass', 'fail', 'na'];
const RAW_DB = 'bench-raw';

function done<T>(request: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

function committed(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error);
	});
}

function openRaw(): Promise<IDBDatabase> {
	const request = indexedDB.open(RAW_DB, 2);
	request.onupgradeneeded = () => {
		const db = request.result;
		for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
		db.createObjectStore('s', { keyPath: 'id' });
		db.createObjectStore('answerFields', { keyPath: 'key' }).createIndex(
			'inspectionId',
			'inspectionId'
		);
		db.createObjectStore('queue', { keyPath: 'key' }).createIndex('inspectionId', 'inspectionId');
	};
	return done(request);
}

/** The raw floor: what any durable write of one row costs on this browser and disk. */
function rawPut(db: IDBDatabase, row: object): Promise<void> {
	const tx = db.transaction('s', 'readwrite');
	tx.objectStore('s').put(row);
	return committed(tx);
}

type Row = Record<string, unknown> & { id: string };

/**
 * Diagnostic, not the baseline: the IndexedDB requests answers.save makes (a put of the field row
 * and a put of its queue entry, in one transaction), issued raw. The gap between this and
 * answers.save is what Dexie and validation add; the gap between this and one put is the
 * design's own cost.
 */
async function rawSameRequests(db: IDBDatabase, answer: Row, inspectionId: string) {
	const tx = db.transaction(['answerFields', 'queue'], 'readwrite');
	const key = `${answer.id}:result`;
	const at = nowIso();
	tx.objectStore('answerFields').put({
		key,
		inspectionId,
		itemId: answer['itemId'],
		field: 'result',
		value: answer['result'],
		at,
		by: '',
		deviceId: 'dev-bench'
	});
	tx.objectStore('queue').put({
		key: `pending:answer:${key}`,
		mutationId: crypto.randomUUID(),
		entity: 'answer',
		entityId: answer.id,
		inspectionId,
		op: 'upsert',
		patch: { result: answer['result'], answeredAt: at, answeredBy: '', deviceId: 'dev-bench' },
		at,
		state: 'pending'
	});
	await committed(tx);
}

/**
 * Diagnostic: the same two puts through Dexie, with no validation and none of our code, so the
 * report can tell what Dexie's transaction machinery costs apart from what we add on top of it.
 */
async function dexieSameRequests(answer: Row, inspectionId: string) {
	const database = db();
	const at = nowIso();
	const key = `${answer.id}:result`;
	await database.transaction('rw', [database.answerFields, database.queue], () =>
		Promise.all([
			database.answerFields.put({
				key,
				inspectionId,
				itemId: answer['itemId'] as string,
				field: 'result',
				value: answer['result'] as Result,
				at,
				by: '',
				deviceId: 'dev-bench'
			}),
			database.queue.put({
				key: `pending:answer:${key}`,
				mutationId: crypto.randomUUID(),
				entity: 'answer',
				entityId: answer.id,
				inspectionId,
				op: 'upsert',
				patch: { result: answer['result'], answeredAt: at, answeredBy: '', deviceId: 'dev-bench' },
				at,
				state: 'pending'
			})
		])
	);
}

export async function run(options: Options): Promise<Timings> {
	// Dexie switches itself to debug mode on http://127.0.0.1 and localhost (async stack tagging
	// on every table call); users never run on those origins, so measure production behaviour.
	Dexie.debug = false;
	const [template, indicatorSet] = await Promise.all([loadDefaultTemplate(), loadIndicatorSet()]);
	const created: Inspection = await inspections.create({
		unitId: 'bench-unit',
		periodFrom: '2025-01-01',
		periodTo: '2025-06-30',
		visitDate: '2025-07-15',
		members: [{ name: 'Nguyễn Văn An', role: 'truong-doan', position: 'Trưởng đoàn' }],
		template,
		indicatorSet
	});
	// Taps on result buttons: only pass/fail/na items, visited in template order.
	const items: TemplateItem[] = templateItems(template).filter(
		(i) => i.answerType === 'pass-fail-na'
	);
	// The first answer starts the draft (measured apart from the taps, as it happens once); the
	// screen then passes the status it shows, as the live inspection row does.
	await answers.save(created, items[0] as TemplateItem, { result: 'pass' });
	const inspection: Inspection = { ...created, status: 'in-progress' };
	const raw = await openRaw();

	const tap = (i: number) => {
		const item = items[i % items.length] as TemplateItem;
		return { item, result: RESULTS[Math.floor(i / items.length) % 3] as Result };
	};
	const app = async (i: number) => {
		const { item, result } = tap(i);
		const start = performance.now();
		await answers.save(inspection, item, { result });
		return performance.now() - start;
	};
	// The raw rows are shaped like a stored answer so every side writes comparable bytes.
	const rowFor = (i: number): Row => {
		const { item, result } = tap(i);
		return {
			id: answerId(inspection.id, item.id),
			inspectionId: inspection.id,
			itemId: item.id,
			result,
			value: null,
			note: '',
			answeredAt: nowIso(),
			answeredBy: '',
			deviceId: 'dev-bench'
		};
	};
	const bare = async (i: number) => {
		const row = rowFor(i);
		const start = performance.now();
		await rawPut(raw, row);
		return performance.now() - start;
	};
	const same = async (i: number) => {
		const row = rowFor(i);
		const start = performance.now();
		await rawSameRequests(raw, row, inspection.id);
		return performance.now() - start;
	};

	const viaDexie = async (i: number) => {
		const row = rowFor(i);
		const start = performance.now();
		await dexieSameRequests(row, inspection.id);
		return performance.now() - start;
	};

	const timings: Timings = { app: [], raw: [], rawSame: [], dexieSame: [] };
	const paths: [keyof Timings, (i: number) => Promise<number>][] = [
		['app', app],
		['raw', bare],
		['rawSame', same],
		['dexieSame', viaDexie]
	];
	for (let i = 0; i < options.warmup; i++) for (const [, path] of paths) await path(i);
	// Interleaved, rotating which goes first, so drift on the machine (another process, the disk
	// flushing) lands on every path instead of on one.
	for (let i = 0; i < options.iterations; i++) {
		const n = options.warmup + i;
		for (let k = 0; k < paths.length; k++) {
			const [name, path] = paths[(i + k) % paths.length] as (typeof paths)[number];
			timings[name].push(await path(n));
		}
	}
	raw.close();
	return timings;
}
