/**
 * A fresh device's first sync, in the browser, for bench/sync-pull.bench.js: the sync engine's
 * round (syncRound with the real local side and client) from an empty database, against a raw
 * Dexie bulkPut of the rows that round left, into the same tables. Served from the app's own
 * origin, so the client's relative URLs and the session cookie work as in the app.
 */
import { Dexie } from 'dexie';
import { db, wipeDevice } from '$lib/db/connection';
import { createClient, type SyncClient } from '$lib/sync/client';
import { syncRound } from '$lib/sync/engine';
import * as local from '$lib/sync/local';
import type { PullResponse } from '$lib/sync/protocol';

// Dexie's debug mode (on for 127.0.0.1) is off on a real origin, as in the production build.
Dexie.debug = false;
const client = createClient();

export async function logIn(login: string, password: string, deviceId: string): Promise<void> {
	await client.login({ login, password, deviceId });
}

/** An empty database, opened (schema created) before anything is timed: a device just set up. */
async function freshDevice(): Promise<void> {
	await wipeDevice();
	await db().open();
}

export type AppPull = { ms: number; pulled: number; pages: number };

/** The engine's whole round from an empty device: nothing to push, every change to pull. */
export async function appPull(deviceId: string): Promise<AppPull> {
	await freshDevice();
	let pages = 0;
	const counting: SyncClient = {
		...client,
		pull: (cursor, limit) => {
			pages++;
			return client.pull(cursor, limit);
		}
	};
	const started = performance.now();
	const result = await syncRound(counting, local, deviceId);
	return { ms: performance.now() - started, pulled: result.pulled, pages };
}

let snapshot: Record<string, unknown[]> = {};

/** Keeps, in the page, every row the last round wrote: what the raw path puts. */
export async function takeSnapshot(): Promise<Record<string, number>> {
	snapshot = {};
	for (const table of db().tables) {
		const rows = await table.toArray();
		if (rows.length) snapshot[table.name] = rows;
	}
	return Object.fromEntries(Object.entries(snapshot).map(([name, rows]) => [name, rows.length]));
}

/** The floor: the same rows into the same tables of an empty database, one transaction. */
export async function rawPut(): Promise<number> {
	await freshDevice();
	const database = db();
	const names = Object.keys(snapshot);
	const started = performance.now();
	await database.transaction('rw', names, () =>
		Promise.all(names.map((name) => database.table(name).bulkPut(snapshot[name] ?? [])))
	);
	return performance.now() - started;
}

let pages: PullResponse[] = [];

/** Diagnostic: the pulls alone (server, network, parsing), nothing written. */
export async function fetchOnly(): Promise<{ ms: number; bytes: number }> {
	pages = [];
	const started = performance.now();
	let cursor = 0;
	for (;;) {
		const page = await client.pull(cursor);
		pages.push(page);
		cursor = page.cursor;
		if (!page.more) break;
	}
	const ms = performance.now() - started;
	return { ms, bytes: pages.reduce((n, p) => n + JSON.stringify(p).length, 0) };
}

/** Diagnostic: applyPulled alone, on the pages fetchOnly kept, into an empty database. */
export async function applyOnly(): Promise<number> {
	await freshDevice();
	const started = performance.now();
	for (const page of pages) await local.applyPulled(page.changes, page.cursor);
	return performance.now() - started;
}
