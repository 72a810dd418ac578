/**
 * The feed writes of one push batch (versions, `rows`, `fields`), held in memory while the batch
 * is applied and written with a few multi-row statements before it commits, in its transaction.
 * Written one by one, each mutation cost four statements, and a batch spent most of its time
 * building, preparing and running them. Reads of the rows the batch touches are answered from
 * here, so a later mutation sees an earlier one exactly as the tables would show it.
 */
import type { Insertable, Transaction } from 'kysely';
import type { FieldState } from '$lib/sync/protocol';
import { nextVersion, type ChangedRow } from './feed';
import { fieldRowOf, fieldStateOf, upsertFieldRows, type FieldRow } from './fields';
import type { DB, FeedEntity, RowsTable } from './schema';

/** A `rows` entry with its `fields`, as the tables hold it once the batch's writes are made. */
export type StoredRow = {
	inspectionId: string | null;
	deleted: boolean;
	version: number;
	fields: Record<string, FieldState>;
};

type Held = {
	row: Insertable<RowsTable> & { entity: FeedEntity; deleted: 0 | 1; version: number };
	fields: Map<string, FieldRow>;
};

/** Up to 8 parameters a row: far below SQLite's limit on parameters per statement. */
const PER_STATEMENT = 100;

const keyOf = (entity: FeedEntity, entityId: string) => `${entity}\u0000${entityId}`;

function chunks<T>(items: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += PER_STATEMENT) out.push(items.slice(i, i + PER_STATEMENT));
	return out;
}

export class FeedBatch {
	readonly #trx: Transaction<DB>;
	/** Every row read or written by the batch; null: no such row. */
	readonly #rows = new Map<string, Held | null>();
	readonly #dirtyRows = new Set<string>();
	readonly #dirtyFields = new Map<string, FieldRow>();
	#firstVersion = 0;
	#lastVersion = 0;

	constructor(trx: Transaction<DB>) {
		this.#trx = trx;
	}

	/** Reads these rows and their fields with one query per entity and slice, ahead of use. */
	async load(keys: { entity: FeedEntity; entityId: string }[]): Promise<void> {
		const byEntity = new Map<FeedEntity, Set<string>>();
		for (const { entity, entityId } of keys) {
			if (this.#rows.has(keyOf(entity, entityId))) continue;
			const ids = byEntity.get(entity) ?? new Set<string>();
			ids.add(entityId);
			byEntity.set(entity, ids);
		}
		for (const [entity, ids] of byEntity) {
			for (const slice of chunks([...ids])) {
				for (const id of slice) this.#rows.set(keyOf(entity, id), null);
				const rows = await this.#trx
					.selectFrom('rows')
					.selectAll()
					.where('entity', '=', entity)
					.where('entity_id', 'in', slice)
					.execute();
				for (const row of rows) {
					this.#rows.set(keyOf(entity, row.entity_id), { row, fields: new Map() });
				}
				const fields = await this.#trx
					.selectFrom('fields')
					.selectAll()
					.where('entity', '=', entity as FieldRow['entity'])
					.where('entity_id', 'in', slice)
					.execute();
				for (const f of fields) this.#rows.get(keyOf(entity, f.entity_id))?.fields.set(f.field, f);
			}
		}
	}

	/** The row as the tables would show it now; undefined when there is none. */
	async row(entity: FeedEntity, entityId: string): Promise<StoredRow | undefined> {
		const key = keyOf(entity, entityId);
		if (!this.#rows.has(key)) await this.load([{ entity, entityId }]);
		const held = this.#rows.get(key);
		if (!held) return undefined;
		return {
			inspectionId: held.row.inspection_id ?? null,
			deleted: held.row.deleted === 1,
			version: held.row.version,
			fields: Object.fromEntries([...held.fields].map(([name, f]) => [name, fieldStateOf(f)]))
		};
	}

	/**
	 * feed.nextVersion for the batch: the first takes the counter (and, on PostgreSQL, its row
	 * lock until commit); the rest follow in memory and `flush` stores the last.
	 */
	async nextVersion(): Promise<number> {
		if (this.#firstVersion === 0) {
			this.#firstVersion = await nextVersion(this.#trx);
			this.#lastVersion = this.#firstVersion;
		} else {
			this.#lastVersion++;
		}
		return this.#lastVersion;
	}

	/** feed.stampRow: creates the row, or moves it to `version` and sets `deleted`. */
	async stampRow(changed: ChangedRow, version: number): Promise<void> {
		const key = keyOf(changed.entity, changed.entityId);
		if (!this.#rows.has(key)) await this.load([changed]);
		const deleted = changed.deleted ? 1 : 0;
		const held = this.#rows.get(key);
		if (held) {
			held.row = { ...held.row, deleted, version };
		} else {
			const row = {
				entity: changed.entity,
				entity_id: changed.entityId,
				inspection_id: changed.inspectionId,
				deleted: deleted as 0 | 1,
				version
			};
			this.#rows.set(key, { row, fields: new Map() });
		}
		this.#dirtyRows.add(key);
	}

	/** fields.writeFields, for a row stamped in this batch or one that exists. */
	writeFields(entity: FieldRow['entity'], entityId: string, fields: Record<string, FieldState>) {
		const held = this.#rows.get(keyOf(entity, entityId));
		if (!held) throw new Error(`fields of ${entity} ${entityId}, which has no row`);
		for (const [field, state] of Object.entries(fields)) {
			const f = fieldRowOf(entity, entityId, field, state);
			held.fields.set(field, f);
			this.#dirtyFields.set(`${keyOf(entity, entityId)}\u0000${field}`, f);
		}
	}

	/** Makes the held writes: rows before the fields that reference them, then the counter. */
	async flush(): Promise<void> {
		const rows = [...this.#dirtyRows].map((key) => (this.#rows.get(key) as Held).row);
		for (const slice of chunks(rows)) {
			await this.#trx
				.insertInto('rows')
				.values(slice)
				.onConflict((oc) =>
					oc.columns(['entity', 'entity_id']).doUpdateSet((eb) => ({
						deleted: eb.ref('excluded.deleted'),
						version: eb.ref('excluded.version')
					}))
				)
				.execute();
		}
		for (const slice of chunks([...this.#dirtyFields.values()])) {
			await upsertFieldRows(this.#trx, slice);
		}
		if (this.#lastVersion > this.#firstVersion) {
			await this.#trx
				.updateTable('counter')
				.set({ version: this.#lastVersion })
				.where('id', '=', 1)
				.execute();
		}
		this.#dirtyRows.clear();
		this.#dirtyFields.clear();
		this.#firstVersion = this.#lastVersion;
	}
}
