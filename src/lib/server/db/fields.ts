/**
 * The per-field state of a synced row (`fields`, see schema.ts) as `FieldState`s: the one place
 * that turns table rows into the protocol's shape and back.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Entity } from '$lib/domain/mutation';
import type { FieldState } from '$lib/sync/protocol';
import type { DB, FieldsTable } from './schema';

export type FieldRow = Selectable<FieldsTable>;

export function fieldStateOf(f: FieldRow): FieldState {
	return {
		value: JSON.parse(f.value),
		version: f.version,
		by: f.by,
		deviceId: f.device_id,
		at: f.at
	};
}

export function fieldRowOf(
	entity: Entity,
	entityId: string,
	field: string,
	f: FieldState
): FieldRow {
	return {
		entity,
		entity_id: entityId,
		field,
		value: JSON.stringify(f.value ?? null),
		version: f.version,
		by: f.by,
		device_id: f.deviceId,
		at: f.at
	};
}

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
	return Object.fromEntries(rows.map((f): [string, FieldState] => [f.field, fieldStateOf(f)]));
}

/**
 * The fields of many rows in one query, keyed `entity|entityId`: a pull page reads its rows'
 * fields at once instead of one query per row. Ids are matched alone and split by entity here,
 * since an inspection and its indicator values share an id.
 */
export async function readFieldsOfRows(
	db: Kysely<DB> | Transaction<DB>,
	rows: { entity: string; entityId: string }[]
): Promise<Map<string, Record<string, FieldState>>> {
	const out = new Map<string, Record<string, FieldState>>();
	if (rows.length === 0) return out;
	const wanted = new Set(rows.map((r) => `${r.entity}|${r.entityId}`));
	const found = await db
		.selectFrom('fields')
		.selectAll()
		.where('entity_id', 'in', [...new Set(rows.map((r) => r.entityId))])
		.execute();
	for (const f of found) {
		const key = `${f.entity}|${f.entity_id}`;
		if (!wanted.has(key)) continue;
		const fields = out.get(key) ?? {};
		fields[f.field] = fieldStateOf(f);
		out.set(key, fields);
	}
	return out;
}

/** Inserts or replaces the given field rows, of one synced row or many, in one statement. */
export async function upsertFieldRows(
	trx: Transaction<DB>,
	rows: Insertable<FieldsTable>[]
): Promise<void> {
	if (rows.length === 0) return;
	await trx
		.insertInto('fields')
		.values(rows)
		.onConflict((oc) =>
			oc.columns(['entity', 'entity_id', 'field']).doUpdateSet((eb) => ({
				value: eb.ref('excluded.value'),
				version: eb.ref('excluded.version'),
				by: eb.ref('excluded.by'),
				device_id: eb.ref('excluded.device_id'),
				at: eb.ref('excluded.at')
			}))
		)
		.execute();
}

/** Inserts or replaces each given field of one row. */
export async function writeFields(
	trx: Transaction<DB>,
	entity: Entity,
	entityId: string,
	fields: Record<string, FieldState>
): Promise<void> {
	await upsertFieldRows(
		trx,
		Object.entries(fields).map(([field, f]) => fieldRowOf(entity, entityId, field, f))
	);
}
