import type { Migration } from 'kysely';
import * as initial from './0001-initial';
import * as minutes from './0003-minutes';
import * as photoSha256 from './0004-photo-sha256';

/**
 * Every migration, by name; the Migrator runs them in name order. Listed by hand because
 * FileMigrationProvider reads a folder at run time, which does not exist inside the Vite bundle.
 * Never rename or edit a migration that has shipped: add the next one.
 */
export const migrations: Record<string, Migration> = {
	'0001-initial': initial,
	'0003-minutes': minutes,
	'0004-photo-sha256': photoSha256
};
