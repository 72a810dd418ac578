/**
 * The device's database. Every synced table has client-generated string keys that are also the
 * server's ids. Versions only ever add: version N must open any database written by 1..N-1, and
 * each upgrade is covered by database.spec.ts.
 *
 * v1 — first release.
 * v2 — outbox rows carry their inspectionId (indexed), so the list can show unsynced changes per
 *      inspection without scanning every patch; the upgrade backfills it.
 * v3 — a pending outbox row carries `pendingKey` (`entity:entityId`, indexed), so the write path
 *      finds the row to merge into with one point lookup instead of a filtered cursor; a row
 *      being sent drops it. The upgrade sets it on pending rows.
 */
import { Dexie, type EntityTable } from 'dexie';
import type {
	Answer,
	Entity,
	Finding,
	IndicatorSet,
	IndicatorValues,
	Inspection,
	Template,
	Unit
} from '$lib/domain';

export type OutboxEntry = {
	seq?: number;
	mutationId: string;
	entity: Entity;
	entityId: string;
	inspectionId: string;
	op: 'upsert' | 'delete';
	patch: Record<string, unknown>;
	at: string;
	/** 'sending' rows are in a push the server may already have applied: never merge into them. */
	state: 'pending' | 'sending';
	/** Set while pending only: at most one pending row per synced row. */
	pendingKey?: string;
};

export type StoredTemplate = Template & { key: string };
export type StoredIndicatorSet = IndicatorSet & { key: string };
export type MetaRow = { key: string; value: unknown };

export const DB_NAME = 'kiem-tra';

export const SCHEMA_V1 = {
	meta: 'key',
	units: 'id, kind, parentId',
	templates: 'key, id',
	indicatorSets: 'key, id',
	inspections: 'id, status, updatedAt, unitId',
	answers: 'id, inspectionId',
	findings: 'id, inspectionId, itemId',
	indicatorValues: 'inspectionId',
	outbox: '++seq, [entity+entityId], state'
} as const;

export const SCHEMA_V2 = {
	...SCHEMA_V1,
	outbox: '++seq, [entity+entityId], state, inspectionId'
} as const;

export const SCHEMA_V3 = {
	...SCHEMA_V2,
	outbox: '++seq, [entity+entityId], state, inspectionId, pendingKey'
} as const;

export function pendingKeyOf(entity: Entity, entityId: string): string {
	return `${entity}:${entityId}`;
}

export class KiemTraDB extends Dexie {
	meta!: EntityTable<MetaRow, 'key'>;
	units!: EntityTable<Unit, 'id'>;
	templates!: EntityTable<StoredTemplate, 'key'>;
	indicatorSets!: EntityTable<StoredIndicatorSet, 'key'>;
	inspections!: EntityTable<Inspection, 'id'>;
	answers!: EntityTable<Answer, 'id'>;
	findings!: EntityTable<Finding, 'id'>;
	indicatorValues!: EntityTable<IndicatorValues, 'inspectionId'>;
	outbox!: EntityTable<OutboxEntry, 'seq'>;

	constructor(name = DB_NAME) {
		super(name);
		this.version(1).stores(SCHEMA_V1);
		this.version(2)
			.stores(SCHEMA_V2)
			.upgrade((tx) =>
				tx
					.table<OutboxEntry>('outbox')
					.toCollection()
					.modify((row) => {
						row.inspectionId ??= inspectionIdOf(row);
					})
			);
		this.version(3)
			.stores(SCHEMA_V3)
			.upgrade((tx) =>
				tx
					.table<OutboxEntry>('outbox')
					.toCollection()
					.modify((row) => {
						if (row.state === 'pending') row.pendingKey = pendingKeyOf(row.entity, row.entityId);
					})
			);
	}
}

/** Where a change belongs, derived from its key: answers are `${inspectionId}:${itemId}`. */
export function inspectionIdOf(row: Pick<OutboxEntry, 'entity' | 'entityId' | 'patch'>): string {
	if (row.entity === 'inspection' || row.entity === 'indicatorValues') return row.entityId;
	if (row.entity === 'answer') return row.entityId.split(':')[0] ?? '';
	const fromPatch = row.patch['inspectionId'];
	return typeof fromPatch === 'string' ? fromPatch : '';
}

export function templateKey(id: string, version: number): string {
	return `${id}@${version}`;
}
