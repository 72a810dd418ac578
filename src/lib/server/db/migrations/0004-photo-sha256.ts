/**
 * Photo reads are checked against the photo rows that name the bytes (auth/access.ts
 * `canReadPhoto`): the hash is in `fields` (entity `photo`, field `sha256`, value the JSON
 * string). This partial index finds those rows by hash without reading every photo's fields; it
 * holds one entry per photo, and PostgreSQL has partial indexes too.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createIndex('fields_photo_sha256')
		.on('fields')
		.column('value')
		.where(sql.ref('entity'), '=', sql.lit('photo'))
		.where(sql.ref('field'), '=', sql.lit('sha256'))
		.execute();
}
