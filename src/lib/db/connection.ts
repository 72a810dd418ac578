import { Dexie } from 'dexie';
import { KiemTraDB } from './database';

let current: KiemTraDB | null = null;

/** The one database of this tab. Opened lazily so server code and tests never touch IndexedDB by import. */
export function db(): KiemTraDB {
	// Dexie turns on its debug mode (async stack tagging on every call) for pages served from
	// localhost or 127.0.0.1. A production build must behave the same there as on its real origin:
	// that is where the e2e suite and the benchmarks run it.
	if (!import.meta.env.DEV) Dexie.debug = false;
	current ??= new KiemTraDB();
	return current;
}

/** Tests and benchmarks give each run its own database. */
export function useDatabase(instance: KiemTraDB): void {
	current = instance;
}

/**
 * Deletes this device's database: the last step of signing out of a shared device, taken only
 * once the server holds everything. The next db() call opens a fresh, empty one.
 */
export async function wipeDevice(): Promise<void> {
	const database = db();
	database.close();
	await Dexie.delete(database.name);
	current = null;
}
