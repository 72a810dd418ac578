/**
 * Reading stored minutes: one by id, by content hash or by PDF hash.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, MinutesTable } from '../db/schema';

export type MinutesRow = Selectable<MinutesTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isMinutesId(id: string): boolean {
	return UUID.test(id);
}

export async function minutesById(db: Kysely<DB>, id: string): Promise<MinutesRow | undefined> {
	if (!isMinutesId(id)) return undefined;
	return db.selectFrom('minutes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The latest received minutes whose content has this hash (two ids with one content: a replay). */
export async function minutesBySha256(
	db: Kysely<DB>,
	sha256: string
): Promise<MinutesRow | undefined> {
	return db
		.selectFrom('minutes')
		.selectAll()
		.where('sha256', '=', sha256)
		.orderBy('received_at', 'desc')
		.executeTakeFirst();
}

export async function minutesByPdf(
	db: Kysely<DB>,
	pdfSha256: string
): Promise<MinutesRow | undefined> {
	return db
		.selectFrom('minutes')
		.selectAll()
		.where('pdf_sha256', '=', pdfSha256)
		.executeTakeFirst();
}

/** The correction that supersedes these minutes, if any. */
export async function supersededBy(
	db: Kysely<DB>,
	id: string
): Promise<Pick<MinutesRow, 'id' | 'version' | 'signed_at'> | undefined> {
	return db
		.selectFrom('minutes')
		.select(['id', 'version', 'signed_at'])
		.where('supersedes', '=', id)
		.executeTakeFirst();
}
