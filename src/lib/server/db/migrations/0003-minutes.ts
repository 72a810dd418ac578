/**
 * Signed minutes: the device keys that seal them and the minutes themselves (documented in
 * ../schema.ts). Neither table cascades from users or devices: a seal must stay verifiable, and
 * its minutes readable, for as long as the records are kept.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('device_keys')
		.addColumn('key_id', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('public_key_jwk', 'text', (c) => c.notNull())
		.addColumn('registered_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('device_keys_pk', ['key_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('device_keys_device')
		.on('device_keys')
		.columns(['device_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('minutes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('inspection_id', 'text', (c) =>
			c.notNull().references('inspections_index.inspection_id')
		)
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('supersedes', 'text', (c) => c.references('minutes.id'))
		.addColumn('content', 'text', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('seal', 'text', (c) => c.notNull())
		.addColumn('key_id', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('signed_at', 'text', (c) => c.notNull())
		.addColumn('received_at', 'text', (c) => c.notNull())
		.addColumn('pdf_sha256', 'text')
		.addColumn('pdf_bytes', 'integer')
		.addColumn('pdf_received_at', 'text')
		.execute();
	await db.schema
		.createIndex('minutes_inspection_version')
		.unique()
		.on('minutes')
		.columns(['inspection_id', 'version'])
		.execute();
	await db.schema.createIndex('minutes_sha256').on('minutes').column('sha256').execute();
	await db.schema.createIndex('minutes_pdf_sha256').on('minutes').column('pdf_sha256').execute();
}
