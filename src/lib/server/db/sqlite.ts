/**
 * Opens the server database. SQLite through better-sqlite3 today; everything above this file
 * talks to Kysely only, so PostgreSQL can replace it by swapping the dialect here.
 */
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { config } from '../config';
import { migrations } from './migrations';
import type { DB } from './schema';

export function openDatabase(path: string): Kysely<DB> {
	const database = new Database(path);
	// WAL lets pulls read while a push writes; NORMAL is durable in WAL except for the last
	// transactions on power loss, which devices resend (pushes are idempotent).
	database.pragma('journal_mode = WAL');
	database.pragma('foreign_keys = ON');
	database.pragma('busy_timeout = 5000');
	database.pragma('synchronous = NORMAL');
	return new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
}

/** Applies every migration not yet applied; a no-op on an up-to-date database. */
export async function migrateToLatest(db: Kysely<DB>): Promise<void> {
	const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error) {
		throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
	}
}

let instance: Kysely<DB> | undefined;

/** The process-wide database at `<DATA_DIR>/kiem-tra.sqlite`, opened on first use. */
export function getDb(): Kysely<DB> {
	instance ??= openDatabase(config().databasePath);
	return instance;
}
