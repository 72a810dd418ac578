/**
 * The per-field state of a synced row (`fields`, see schema.ts) as `FieldState`s: the one place
 * that turns table rows into the protocol's shape and back.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Entity } from '$lib/domain/mutation';
import type { FieldState } from '$lib/sync/protocol';
import type { DB } from './schema';

export async function readFields(
	db: Kysely<DB> | Transaction<DB>,
	entity: Entity,
	entityId: string
): Promise<Record<string, FieldState>> {
	const rows = await db
		.selectFrom('fields')
		.selectAll()
		.where('entity', '=', entity)
		.where('entity_id', '=', entityId)
		.execute();
	return Object.fromEntries(
		rows.map((f): [string, FieldState] => [
			f.field,
			{ value: JSON.parse(f.value), version: f.version, by: f.by, deviceId: f.device_id, at: f.at }
		])
	);
}

/** Inserts or replaces each given field of one row. */
export async function writeFields(
	trx: Transaction<DB>,
	entity: Entity,
	entityId: string,
	fields: Record<string, FieldState>
): Promise<void> {
	for (const [field, f] of Object.entries(fields)) {
		const values = {
			value: JSON.stringify(f.value ?? null),
			version: f.version,
			by: f.by,
			device_id: f.deviceId,
			at: f.at
		};
		await trx
			.insertInto('fields')
			.values({ entity, entity_id: entityId, field, ...values })
			.onConflict((oc) => oc.columns(['entity', 'entity_id', 'field']).doUpdateSet(values))
			.execute();
	}
}
