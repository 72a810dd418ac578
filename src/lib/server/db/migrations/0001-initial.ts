/**
 * The first schema (documented table by table in ../schema.ts). Migrations take `Kysely<unknown>`
 * on purpose: they describe the database as it was at their time, not as `DB` says it is today.
 * Only the schema builder and portable column types are used, so the file can run on PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';
import { MemberRoleSchema } from '$lib/domain/inspection';
import { USER_ROLES } from '../schema';

const oneOf = (column: string, values: readonly string[]) =>
	sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('login', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
		.addCheckConstraint('users_role', oneOf('role', USER_ROLES))
		.addCheckConstraint('users_disabled', sql`disabled in (0, 1)`)
		.execute();

	await db.schema
		.createTable('devices')
		.addColumn('id', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('first_seen_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
		.addPrimaryKeyConstraint('devices_pk', ['id', 'user_id'])
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.addForeignKeyConstraint(
			'sessions_device',
			['device_id', 'user_id'],
			'devices',
			['id', 'user_id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
	await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

	await db.schema
		.createTable('delegations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('decision_number', 'text', (c) => c.notNull())
		.addColumn('decision_date', 'text', (c) => c.notNull())
		.addColumn('decision_issuer', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('delegation_members')
		.addColumn('delegation_id', 'text', (c) =>
			c.notNull().references('delegations.id').onDelete('cascade')
		)
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('delegation_members_pk', ['delegation_id', 'user_id'])
		.addCheckConstraint('delegation_members_role', oneOf('role', MemberRoleSchema.options))
		.execute();
	await db.schema
		.createIndex('delegation_members_user')
		.on('delegation_members')
		.column('user_id')
		.execute();

	await db.schema
		.createTable('units')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('data', 'text', (c) => c.notNull())
		.execute();
	for (const table of ['templates', 'indicator_sets']) {
		await db.schema
			.createTable(table)
			.addColumn('id', 'text', (c) => c.notNull())
			.addColumn('version', 'integer', (c) => c.notNull())
			.addColumn('data', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint(`${table}_pk`, ['id', 'version'])
			.execute();
	}

	await db.schema
		.createTable('inspections_index')
		.addColumn('inspection_id', 'text', (c) => c.primaryKey())
		.addColumn('delegation_id', 'text', (c) => c.notNull().references('delegations.id'))
		.addColumn('signed_at', 'text')
		.execute();
	await db.schema
		.createIndex('inspections_index_delegation')
		.on('inspections_index')
		.column('delegation_id')
		.execute();

	await db.schema
		.createTable('rows')
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text', (c) => c.notNull())
		.addColumn('inspection_id', 'text')
		.addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('rows_pk', ['entity', 'entity_id'])
		.addCheckConstraint('rows_deleted', sql`deleted in (0, 1)`)
		.execute();
	await db.schema.createIndex('rows_version').unique().on('rows').column('version').execute();
	await db.schema
		.createIndex('rows_inspection')
		.on('rows')
		.columns(['inspection_id', 'version'])
		.execute();

	await db.schema
		.createTable('fields')
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text', (c) => c.notNull())
		.addColumn('field', 'text', (c) => c.notNull())
		.addColumn('value', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('by', 'text', (c) => c.notNull())
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('fields_pk', ['entity', 'entity_id', 'field'])
		.addForeignKeyConstraint(
			'fields_row',
			['entity', 'entity_id'],
			'rows',
			['entity', 'entity_id'],
			(fk) => fk.onDelete('cascade')
		)
		.execute();
	await db.schema.createIndex('fields_version').on('fields').column('version').execute();

	await db.schema
		.createTable('mutations')
		.addColumn('mutation_id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('result', 'text', (c) => c.notNull())
		.addColumn('applied_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('mutations_applied_at')
		.on('mutations')
		.column('applied_at')
		.execute();

	await db.schema
		.createTable('conflicts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('inspection_id', 'text', (c) => c.notNull())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text', (c) => c.notNull())
		.addColumn('field', 'text', (c) => c.notNull())
		.addColumn('overwritten', 'text', (c) => c.notNull())
		.addColumn('applied', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('resolved_at', 'text')
		.addColumn('resolved_by', 'text', (c) => c.references('users.id'))
		.execute();
	await db.schema
		.createIndex('conflicts_inspection')
		.on('conflicts')
		.columns(['inspection_id', 'resolved_at'])
		.execute();

	await db.schema
		.createTable('photo_blobs')
		.addColumn('sha256', 'text', (c) => c.primaryKey())
		.addColumn('bytes', 'integer', (c) => c.notNull())
		.addColumn('mime', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('counter')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addCheckConstraint('counter_single_row', sql`id = 1`)
		.execute();
	await sql`insert into counter (id, version) values (1, 0)`.execute(db);
}
