import { KiemTraDB } from './database';

let current: KiemTraDB | null = null;

/** The one database of this tab. Opened lazily so server code and tests never touch IndexedDB by import. */
export function db(): KiemTraDB {
	current ??= new KiemTraDB();
	return current;
}

/** Tests and benchmarks give each run its own database. */
export function useDatabase(instance: KiemTraDB): void {
	current = instance;
}
