/**
 * Writing to the change feed (see schema.ts): every change takes the next global version and
 * stamps its `rows` entry with it, inside the transaction that makes the change.
 */
import type { Transaction } from 'kysely';
import type { DB, FeedEntity } from './schema';

/**
 * Takes the next global version. The UPDATE locks the counter row until commit, so versions
 * become visible in the order they were taken: a reader that has seen version N never later
 * finds a commit with a smaller one.
 */
export async function nextVersion(trx: Transaction<DB>): Promise<number> {
	const row = await trx
		.updateTable('counter')
		.set((eb) => ({ version: eb('version', '+', 1) }))
		.where('id', '=', 1)
		.returning('version')
		.executeTakeFirstOrThrow();
	return row.version;
}

export type ChangedRow = {
	entity: FeedEntity;
	entityId: string;
	inspectionId: string | null;
	deleted?: boolean;
};

/**
 * Moves a row to the head of the feed and returns its new version; give the same version to the
 * `fields` the change sets. Creates the row on its first change.
 */
export async function recordChange(trx: Transaction<DB>, row: ChangedRow): Promise<number> {
	const version = await nextVersion(trx);
	await stampRow(trx, row, version);
	return version;
}

/** Moves a row to `version`, already taken with nextVersion (push takes it before merging). */
export async function stampRow(
	trx: Transaction<DB>,
	row: ChangedRow,
	version: number
): Promise<void> {
	const deleted = row.deleted ? 1 : 0;
	await trx
		.insertInto('rows')
		.values({
			entity: row.entity,
			entity_id: row.entityId,
			inspection_id: row.inspectionId,
			deleted,
			version
		})
		.onConflict((oc) => oc.columns(['entity', 'entity_id']).doUpdateSet({ deleted, version }))
		.execute();
}
