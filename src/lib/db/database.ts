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
 * v4 — answers are stored one row per field (`answerFields`), and the outbox becomes `queue`,
 *      keyed by what it holds: `pending:<entity>:<id>[:<field>]` while waiting, `sent:<mutationId>`
 *      once in a push. An answer tap then writes two rows and reads none. The upgrade copies the
 *      old tables over; v5 drops them.
 * v7 — sync: `syncState` holds, per synced row, the server version last seen for each field (the
 *      `base` of the next push); `conflicts` holds the conflicts the server reported; queue
 *      entries the server refused stay as `rejected:<mutationId>` until a person deals with them.
 * v6 — photos: metadata in `photos`, bytes in `photoBytes` as ArrayBuffers (WebKit refuses
 *      Blobs in IndexedDB now and then), one row per photo and size (`<photoId>:full|thumb`).
 * v8 — a full-size row the server does not hold yet carries `waiting: 1` (indexed), so counting
 *      and listing unsent photos reads keys only instead of every photo's bytes; the upgrade
 *      marks the rows without `uploadedAt`.
 * v9 — minutes: `minutes` holds drafts (this device only) and sealed minutes, `minutesPdf` the PDF
 *      made when they were sealed, with `waiting: 1` until the server holds it.
 */
import { Dexie, type EntityTable } from 'dexie';
import { answerFieldKey } from '$lib/domain/ids';
import type {
	Answer,
	AnswerField,
	Entity,
	Finding,
	IndicatorSet,
	IndicatorValues,
	Inspection,
	Photo,
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

/** A change waiting for the server (see write-path.ts for how entries are keyed and merged). */
export type QueueEntry = {
	/** Why the server refused it, for entries in state 'rejected'. */
	rejection?: { reason: string; message: string };
	key: string;
	mutationId: string;
	entity: Entity;
	entityId: string;
	inspectionId: string;
	op: 'upsert' | 'delete';
	patch: Record<string, unknown>;
	at: string;
	/**
	 * 'sending' rows are in a push the server may already have applied: never merge into them.
	 * 'rejected' rows were refused by the server and wait for a person, never sent again.
	 */
	state: 'pending' | 'sending' | 'rejected';
};

/** What the device last saw of a synced row on the server: a version per field. */
export type SyncStateRow = {
	/** `<entity>:<entityId>` */
	key: string;
	inspectionId: string | null;
	versions: Record<string, number>;
};

/** A conflict the server recorded: two devices changed one field; the lead picks the value. */
export type ConflictRow = {
	id: string;
	inspectionId: string;
	entity: string;
	entityId: string;
	field: string;
	overwritten: { value: unknown; by: string; deviceId: string; at: string };
	applied: { value: unknown; by: string; deviceId: string; at: string };
	createdAt: string;
	resolvedAt: string | null;
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

export const SCHEMA_V4 = {
	...SCHEMA_V3,
	answerFields: 'key, inspectionId',
	queue: 'key, inspectionId, at'
} as const;

const { answers: _answers, outbox: _outbox, ...kept } = SCHEMA_V4;
export const SCHEMA_V5 = { ...kept, answers: null, outbox: null } as const;

export const SCHEMA_V6 = {
	...kept,
	photos: 'id, inspectionId',
	photoBytes: 'key, photoId'
} as const;

/** A photo's bytes, full-size or thumbnail, never indexed. */
export type PhotoBytes = {
	key: string;
	photoId: string;
	size: 'full' | 'thumb';
	mime: string;
	bytes: ArrayBuffer;
	/** Set on the full-size row once the server confirmed it holds these bytes. */
	uploadedAt?: string;
	/** 1 on a full-size row until the server confirmed it; absent otherwise, so not indexed. */
	waiting?: 1;
};

export const SCHEMA_V7 = {
	...SCHEMA_V6,
	syncState: 'key, inspectionId',
	conflicts: 'id, inspectionId'
} as const;

export const SCHEMA_V8 = {
	...SCHEMA_V7,
	photoBytes: 'key, photoId, waiting'
} as const;

export const SCHEMA_V9 = {
	...SCHEMA_V8,
	minutes: 'id, inspectionId',
	minutesPdf: 'minutesId, waiting'
} as const;

/**
 * Minutes of an inspection. A draft is edited on this device and never leaves it; signing seals
 * its content, which from then on never changes: a correction is a new row that supersedes it.
 */
export type MinutesRow = {
	id: string;
	inspectionId: string;
	version: number;
	supersedes: string | null;
	/** `signing`: the text is frozen and signatures are being collected; `signed`: sealed. */
	status: 'draft' | 'signing' | 'signed';
	/** A MinutesDocument (src/lib/minutes/model.ts), validated by the repository. */
	content: unknown;
	/** A Seal (src/lib/minutes/seal/seal.ts) once signed. */
	seal: unknown;
	signedAt: string | null;
	deviceId: string;
	updatedAt: string;
};

export type MinutesPdf = {
	minutesId: string;
	bytes: ArrayBuffer;
	sha256: string;
	createdAt: string;
	waiting?: 1;
	uploadedAt?: string;
};

export function syncStateKey(entity: string, entityId: string): string {
	return `${entity}:${entityId}`;
}

export function photoBytesKey(photoId: string, size: PhotoBytes['size']): string {
	return `${photoId}:${size}`;
}

export function pendingKeyOf(entity: Entity, entityId: string): string {
	return `${entity}:${entityId}`;
}

/** The queue key of a change still waiting: one per row, or per field for answers. */
export function queueKey(entity: Entity, entityId: string, field?: string): string {
	return `pending:${entity}:${entityId}${field ? `:${field}` : ''}`;
}

export class KiemTraDB extends Dexie {
	meta!: EntityTable<MetaRow, 'key'>;
	units!: EntityTable<Unit, 'id'>;
	templates!: EntityTable<StoredTemplate, 'key'>;
	indicatorSets!: EntityTable<StoredIndicatorSet, 'key'>;
	inspections!: EntityTable<Inspection, 'id'>;
	answerFields!: EntityTable<AnswerField, 'key'>;
	findings!: EntityTable<Finding, 'id'>;
	indicatorValues!: EntityTable<IndicatorValues, 'inspectionId'>;
	queue!: EntityTable<QueueEntry, 'key'>;
	photos!: EntityTable<Photo, 'id'>;
	photoBytes!: EntityTable<PhotoBytes, 'key'>;
	syncState!: EntityTable<SyncStateRow, 'key'>;
	conflicts!: EntityTable<ConflictRow, 'id'>;
	minutes!: EntityTable<MinutesRow, 'id'>;
	minutesPdf!: EntityTable<MinutesPdf, 'minutesId'>;

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
		this.version(4)
			.stores(SCHEMA_V4)
			.upgrade(async (tx) => {
				const answers = await tx.table<Answer>('answers').toArray();
				await tx.table<AnswerField>('answerFields').bulkPut(answers.flatMap(fieldsOf));
				const outbox = await tx.table<OutboxEntry>('outbox').toArray();
				await tx.table<QueueEntry>('queue').bulkPut(outbox.map(queueEntryOf));
			});
		this.version(5).stores(SCHEMA_V5);
		this.version(6).stores(SCHEMA_V6);
		this.version(7).stores(SCHEMA_V7);
		this.version(8)
			.stores(SCHEMA_V8)
			.upgrade((tx) =>
				tx
					.table<PhotoBytes>('photoBytes')
					.toCollection()
					.modify((row) => {
						if (row.size === 'full' && !row.uploadedAt) row.waiting = 1;
					})
			);
		this.version(9).stores(SCHEMA_V9);
	}
}

/** Where a change belongs, derived from its key: answers are `${inspectionId}:${itemId}`. */
export function inspectionIdOf(row: Pick<OutboxEntry, 'entity' | 'entityId' | 'patch'>): string {
	if (row.entity === 'inspection' || row.entity === 'indicatorValues') return row.entityId;
	if (row.entity === 'answer') return row.entityId.split(':')[0] ?? '';
	const fromPatch = row.patch['inspectionId'];
	return typeof fromPatch === 'string' ? fromPatch : '';
}

function fieldsOf(a: Answer): AnswerField[] {
	const common = {
		inspectionId: a.inspectionId,
		itemId: a.itemId,
		at: a.answeredAt,
		by: a.answeredBy,
		deviceId: a.deviceId
	};
	const key = (field: string) => answerFieldKey(a.inspectionId, a.itemId, field);
	return [
		{ ...common, key: key('result'), field: 'result', value: a.result },
		{ ...common, key: key('value'), field: 'value', value: a.value },
		{ ...common, key: key('note'), field: 'note', value: a.note }
	];
}

function queueEntryOf(row: OutboxEntry): QueueEntry {
	const { seq: _seq, pendingKey: _pendingKey, ...rest } = row;
	const key =
		row.state === 'pending' ? queueKey(row.entity, row.entityId) : `sent:${row.mutationId}`;
	return { ...rest, inspectionId: rest.inspectionId ?? inspectionIdOf(row), key };
}

export function templateKey(id: string, version: number): string {
	return `${id}@${version}`;
}
