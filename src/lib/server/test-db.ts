/**
 * For server tests: a real SQLite file in a fresh temporary folder (WAL, foreign keys and the
 * file itself behave as in production, which `:memory:` would not show).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema';
import { migrateToLatest, openDatabase } from './db/sqlite';

export type TempDatabase = {
	db: Kysely<DB>;
	path: string;
	/** Closes the database and deletes its folder. */
	remove(): Promise<void>;
};

export function tempDatabasePath(): string {
	return join(mkdtempSync(join(tmpdir(), 'kiem-tra-test-')), 'kiem-tra.sqlite');
}

export async function openTempDatabase(): Promise<TempDatabase> {
	const path = tempDatabasePath();
	const db = openDatabase(path);
	await migrateToLatest(db);
	return {
		db,
		path,
		async remove() {
			await db.destroy();
			rmSync(join(path, '..'), { recursive: true, force: true });
		}
	};
}
