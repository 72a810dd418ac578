/**
 * The city server's database, as Kysely sees it. The same tables are meant to run on SQLite now
 * and PostgreSQL later, so every column has a portable type:
 *
 * - ids are text (UUID v4, or a catalog id such as `hbt-bach-dang`);
 * - counters and versions are integers;
 * - timestamps are ISO 8601 text from `Date.toISOString()` (UTC, milliseconds, `Z`), so text
 *   order is time order; calendar dates are `YYYY-MM-DD`;
 * - booleans are integers 0/1;
 * - JSON is text (`JsonText`): write `JSON.stringify(x)`, read `JSON.parse(s)`;
 * - no binary columns: photo bytes live on disk under `<DATA_DIR>/photos`, addressed by sha256.
 *
 * Sync (docs/SYNC.md) is stored in three tables:
 *
 * - `counter` holds the one global `version`. Every accepted write takes the next value with
 *   `nextVersion(trx)` (db/version.ts) inside its own transaction, so versions are handed out in
 *   commit order on SQLite and, with the row lock the UPDATE takes, on PostgreSQL too.
 * - `rows` is the change feed: one row per synced entity with the version of its latest change.
 *   Pull is `rows WHERE version > cursor ORDER BY version LIMIT n` (unique index `rows_version`),
 *   and the new cursor is the last version returned. Because versions are unique per row, a page
 *   boundary can never split two rows that share one.
 * - `fields` holds the per-field state of the device-written entities (`inspection`, `answer`,
 *   `finding`, `indicatorValues`, `photo`, `minutes`): value + version + who/which device/when, which is
 *   `FieldState` in `$lib/sync/protocol` one to one.
 *
 * Catalog entities (`unit`, `template`, `indicatorSet`) are written by the server only. They are
 * in `rows` like everything else (inspection_id NULL) so they travel through pull, but their data
 * is a whole document in `units` / `templates` / `indicator_sets`, not in `fields`: pull sends
 * each top-level key of `data` as a field carrying the row's version. A `conflict` is in `rows`
 * too (entity_id = conflicts.id), so the lead's devices learn about it by pulling.
 */
import type { ColumnType, Selectable } from 'kysely';
import type { MemberRole } from '$lib/domain/inspection';
import type { Entity } from '$lib/domain/mutation';
import type { UserRole } from '$lib/domain/user';

/** JSON serialised with `JSON.stringify`. */
export type JsonText = string;
/** `Date.toISOString()`. */
export type IsoTimestamp = string;
/** 0 = false, 1 = true. */
export type Flag = 0 | 1;

export { USER_ROLES, type UserRole } from '$lib/domain/user';

/** What travels in `rows.entity`: device-written entities plus the server-written ones. */
export type FeedEntity = Entity | 'unit' | 'template' | 'indicatorSet' | 'conflict';

export interface UsersTable {
	id: string;
	/** Lower case, NFC, trimmed (see `normalizeLogin`); unique. */
	login: string;
	display_name: string;
	/** argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
	password_hash: string;
	role: UserRole;
	created_at: IsoTimestamp;
	/** A disabled user cannot log in and their sessions stop validating. */
	disabled: ColumnType<Flag, Flag | undefined, Flag>;
}

/** Lucia-guide sessions: the cookie holds a random token; only its hash is stored. */
export interface SessionsTable {
	/** sha256 hex of the session token. A database leak therefore yields no usable cookie. */
	id: string;
	user_id: string;
	/** With user_id, references devices(id, user_id). */
	device_id: string;
	created_at: IsoTimestamp;
	expires_at: IsoTimestamp;
	last_seen_at: IsoTimestamp;
}

/**
 * A device as a person uses it: one row per (device id, user), because a shared tablet is used by
 * several people in turn. `id` is the client-generated device id that also appears in
 * `fields.device_id`, `mutations.device_id` and push requests.
 */
export interface DevicesTable {
	id: string;
	user_id: string;
	first_seen_at: IsoTimestamp;
	last_seen_at: IsoTimestamp;
	user_agent: string;
}

export interface DelegationsTable {
	id: string;
	name: string;
	/** "Quyết định số …" establishing the delegation, e.g. `125/QĐ-UBND`. */
	decision_number: string;
	/** `YYYY-MM-DD`. */
	decision_date: string;
	/** Who signed the decision, e.g. "Chủ tịch UBND thành phố Hà Nội". */
	decision_issuer: string;
	created_at: IsoTimestamp;
}

/** Primary key (delegation_id, user_id); indexed by user_id for "my delegations". */
export interface DelegationMembersTable {
	delegation_id: string;
	user_id: string;
	role: MemberRole;
}

/** The unit directory; `data` is a `Unit` (`$lib/domain/unit`). Feed: entity `unit`, id = `id`. */
export interface UnitsTable {
	id: string;
	data: JsonText;
}

/**
 * Checklist templates, frozen per version; `data` is a `Template`. Feed: entity `template`,
 * entity_id = `<id>@<version>` (`@` cannot occur in an id, so the key splits unambiguously).
 */
export interface TemplatesTable {
	id: string;
	version: number;
	data: JsonText;
}

/** Like templates; `data` is an `IndicatorSet`. Feed: entity `indicatorSet`, `<id>@<version>`. */
export interface IndicatorSetsTable {
	id: string;
	version: number;
	data: JsonText;
}

/**
 * Which delegation an inspection belongs to, for authorization, and whether its minutes are
 * signed. The push code registers an inspection here the first time it sees it (the delegation
 * is chosen by the writer and checked with `canWriteDelegation`); every later write is checked
 * with `canWriteInspection`, and rejected as `signed` once `signed_at` is set.
 */
export interface InspectionsIndexTable {
	inspection_id: string;
	delegation_id: string;
	signed_at: IsoTimestamp | null;
}

/**
 * The change feed: one row per entity, with the version of its latest change. Primary key
 * (entity, entity_id); unique index on version; index on (inspection_id, version) for the feed of
 * one inspection. A delete keeps the row as a tombstone (`deleted` = 1, fields kept for the
 * audit trail) with a new version, so deletes travel through pull like any other change.
 */
export interface RowsTable {
	entity: FeedEntity;
	entity_id: string;
	/** The inspection the row belongs to; NULL for catalog rows (units, templates, indicator sets). */
	inspection_id: string | null;
	deleted: ColumnType<Flag, Flag | undefined, Flag>;
	/** The version of the row's latest change: max(fields.version), or later for a delete. */
	version: number;
}

/**
 * The per-field state of device-written rows (docs/SYNC.md, "Per-field merge"). Primary key
 * (entity, entity_id, field), references rows(entity, entity_id), so write the `rows` row first;
 * indexed by version.
 */
export interface FieldsTable {
	entity: Entity;
	entity_id: string;
	/** A patch key (`FieldNameSchema`): `status`, `note`, `counts.received`… */
	field: string;
	/** The field's value as JSON; `'null'` for null. */
	value: JsonText;
	/** The version of the write that set this field. */
	version: number;
	/** users.id of the writer. Named `by` like FieldState.by; quote it in raw SQL. */
	by: string;
	/** The device the write came from; the merge compares it to tell "another device". */
	device_id: string;
	/** The device's own time of the change (audit only: server order decides). */
	at: IsoTimestamp;
}

/**
 * Every pushed mutation, applied or rejected, with the result sent back, so a replayed push
 * answers `duplicate` with the stored result instead of applying again. Indexed by applied_at so
 * old entries can be pruned once no device can still replay them.
 */
export interface MutationsTable {
	mutation_id: string;
	user_id: string;
	device_id: string;
	/** A `MutationResult` (`$lib/sync/protocol`). */
	result: JsonText;
	applied_at: IsoTimestamp;
}

/**
 * A field two devices changed concurrently: the incoming value won (server order) and both are
 * kept here. `overwritten` and `applied` are `FieldState` JSON ({ value, version, by, deviceId,
 * at }), so each side says who wrote it and when. Resolving is an ordinary write of the chosen
 * value plus `resolved_at` / `resolved_by`. Indexed by (inspection_id, resolved_at) for "open
 * conflicts of this inspection".
 */
export interface ConflictsTable {
	id: string;
	inspection_id: string;
	entity: Entity;
	entity_id: string;
	field: string;
	overwritten: JsonText;
	applied: JsonText;
	created_at: IsoTimestamp;
	resolved_at: IsoTimestamp | null;
	/** users.id */
	resolved_by: string | null;
}

/** Photo bytes received (`PUT /api/photos/<sha256>`); the file is `<photos>/<aa>/<sha256>.jpg`. */
export interface PhotoBlobsTable {
	sha256: string;
	bytes: number;
	mime: string;
	created_at: IsoTimestamp;
}

/**
 * The public keys devices seal minutes with (migration 0003). One row per key and person: a
 * shared tablet has one key, registered for each person who signs in on it. Rows are never
 * deleted or replaced, so a seal made with a device's earlier key still verifies.
 */
export interface DeviceKeysTable {
	/** RFC 7638 thumbprint of the key. */
	key_id: string;
	user_id: string;
	device_id: string;
	/** `PublicKeyJwk`, minimal (kty, crv, x, y). */
	public_key_jwk: JsonText;
	registered_at: IsoTimestamp;
}

/**
 * Signed minutes as received (migration 0003), immutable: the content as RFC 8785 canonical
 * JSON, exactly the bytes the seal's hash covers, and the seal. Unique (inspection_id, version);
 * a correction names the minutes it supersedes. The PDF is set once, by `PUT
 * /api/minutes/<id>/pdf`, and lives at `<DATA_DIR>/minutes/<id>.pdf`. The same minutes are in
 * `rows`/`fields` (entity `minutes`) so members' devices pull them.
 */
export interface MinutesTable {
	id: string;
	inspection_id: string;
	version: number;
	supersedes: string | null;
	content: string;
	/** The content hash the seal names: sha256 of `content`, 64 hex. */
	sha256: string;
	/** `Seal` JSON. */
	seal: JsonText;
	key_id: string;
	/** Who pushed it; the key is looked up among this person's device keys. */
	user_id: string;
	device_id: string;
	signed_at: IsoTimestamp;
	received_at: IsoTimestamp;
	pdf_sha256: string | null;
	pdf_bytes: number | null;
	pdf_received_at: IsoTimestamp | null;
}

/** Exactly one row (id = 1): the last version handed out; 0 before any write. */
export interface CounterTable {
	id: number;
	version: number;
}

export interface DB {
	users: UsersTable;
	sessions: SessionsTable;
	devices: DevicesTable;
	delegations: DelegationsTable;
	delegation_members: DelegationMembersTable;
	units: UnitsTable;
	templates: TemplatesTable;
	indicator_sets: IndicatorSetsTable;
	inspections_index: InspectionsIndexTable;
	rows: RowsTable;
	fields: FieldsTable;
	mutations: MutationsTable;
	conflicts: ConflictsTable;
	photo_blobs: PhotoBlobsTable;
	device_keys: DeviceKeysTable;
	minutes: MinutesTable;
	counter: CounterTable;
}

export type User = Selectable<UsersTable>;
export type Delegation = Selectable<DelegationsTable>;
