import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { tempDatabasePath } from '../test-db';
import { recordChange } from './feed';
import { migrations } from './migrations';
import type { DB } from './schema';
import { migrateToLatest, openDatabase } from './sqlite';

const TABLES: (keyof DB)[] = [
	'users',
	'sessions',
	'devices',
	'delegations',
	'delegation_members',
	'units',
	'templates',
	'indicator_sets',
	'inspections_index',
	'rows',
	'fields',
	'mutations',
	'conflicts',
	'photo_blobs',
	'device_keys',
	'minutes',
	'counter'
];

let path: string;
afterEach(() => rmSync(dirname(path), { recursive: true, force: true }));

async function tableNames(db: ReturnType<typeof openDatabase>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
		and name not like 'kysely_%' order by name`.execute(db);
	return rows.map((r) => r.name);
}

describe('migrations', () => {
	test('create every table on a new file, with the pragmas set', async () => {
		path = tempDatabasePath();
		const db = openDatabase(path);
		await migrateToLatest(db);
		expect(await tableNames(db)).toEqual([...TABLES].sort());
		const pragma = async (name: string) =>
			Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
		expect(await pragma('journal_mode')).toBe('wal');
		expect(await pragma('foreign_keys')).toBe(1);
		expect(await pragma('busy_timeout')).toBe(5000);
		expect(await pragma('synchronous')).toBe(1); // NORMAL
		await db.destroy();
	});

	test('are idempotent: a second run, and a run after reopening the file, change nothing', async () => {
		path = tempDatabasePath();
		const first = openDatabase(path);
		await migrateToLatest(first);
		await first.insertInto('units').values({ id: 'u1', data: '{}' }).execute();
		await migrateToLatest(first);
		await first.destroy();

		const second = openDatabase(path);
		await migrateToLatest(second);
		expect(await tableNames(second)).toEqual([...TABLES].sort());
		expect(await second.selectFrom('units').select('id').execute()).toEqual([{ id: 'u1' }]);
		const applied = await sql`select name from kysely_migration`.execute(second);
		expect(applied.rows).toHaveLength(Object.keys(migrations).length);
		await second.destroy();
	});
});

describe('feed and constraints', () => {
	test('each change takes the next version, and a row keeps only its latest', async () => {
		path = tempDatabasePath();
		const db = openDatabase(path);
		await migrateToLatest(db);
		const row = { entity: 'finding', entityId: 'f1', inspectionId: 'i1' } as const;
		const versions = await db
			.transaction()
			.execute(async (trx) => [
				await recordChange(trx, row),
				await recordChange(trx, { ...row, entityId: 'f2' }),
				await recordChange(trx, { ...row, deleted: true })
			]);
		expect(versions).toEqual([1, 2, 3]);
		const rows = await db.selectFrom('rows').selectAll().orderBy('version').execute();
		expect(rows).toEqual([
			{ entity: 'finding', entity_id: 'f2', inspection_id: 'i1', deleted: 0, version: 2 },
			{ entity: 'finding', entity_id: 'f1', inspection_id: 'i1', deleted: 1, version: 3 }
		]);
		expect(await db.selectFrom('counter').selectAll().execute()).toEqual([{ id: 1, version: 3 }]);
		await db.destroy();
	});

	test('foreign keys, checks and the unique version are enforced', async () => {
		path = tempDatabasePath();
		const db = openDatabase(path);
		await migrateToLatest(db);
		const field = {
			entity: 'finding' as const,
			entity_id: 'nope',
			field: 'note',
			value: '"x"',
			version: 1,
			by: 'u',
			device_id: 'd',
			at: new Date().toISOString()
		};
		await expect(db.insertInto('fields').values(field).execute()).rejects.toThrow(/FOREIGN KEY/);
		await expect(
			db
				.insertInto('users')
				.values({
					id: 'u',
					login: 'x',
					display_name: 'X',
					password_hash: 'h',
					role: 'boss' as 'admin',
					created_at: ''
				})
				.execute()
		).rejects.toThrow(/CHECK/);
		const row = { entity: 'unit' as const, inspection_id: null, version: 7 };
		await db
			.insertInto('rows')
			.values({ ...row, entity_id: 'a' })
			.execute();
		await expect(
			db
				.insertInto('rows')
				.values({ ...row, entity_id: 'b' })
				.execute()
		).rejects.toThrow(/UNIQUE/);
		await expect(db.insertInto('counter').values({ id: 2, version: 0 }).execute()).rejects.toThrow(
			/CHECK/
		);
		await db.destroy();
	});
});
