/**
 * Opens the server database. SQLite through better-sqlite3 today; everything above this file
 * talks to Kysely only, so PostgreSQL can replace it by swapping the dialect here.
 */
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type SqliteDatabase } from 'kysely';
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
	return new Kysely<DB>({ dialect: new SqliteDialect({ database: reusingStatements(database) }) });
}

/** Distinct SQL texts kept prepared; `in (…)` lists of every length make the set open-ended. */
const STATEMENT_CACHE = 500;

/**
 * Kysely's SQLite driver prepares every query anew, which costs more than running it: a push
 * batch runs the same few statements hundreds of times. A prepared statement is reusable, and
 * the driver's one connection runs one query at a time, so one statement per SQL text suffices
 * (a statement still being iterated by a stream is busy: the same SQL meanwhile gets its own).
 */
function reusingStatements(database: Database.Database): SqliteDatabase {
	const prepared = new Map<string, Database.Statement>();
	return {
		close: () => database.close(),
		prepare(sql) {
			let statement = prepared.get(sql);
			if (statement?.busy) return database.prepare(sql);
			if (!statement) {
				if (prepared.size >= STATEMENT_CACHE) prepared.clear();
				statement = database.prepare(sql);
				prepared.set(sql, statement);
			}
			return statement;
		}
	};
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
