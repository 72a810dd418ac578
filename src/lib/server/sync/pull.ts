/**
 * The change feed for one person (docs/SYNC.md): every row changed after the cursor that they may
 * read, in version order, as its latest state. Catalog rows (units, templates, indicator sets)
 * go to everyone; inspection rows only to those who may read the inspection.
 */
import type { Kysely } from 'kysely';
import type { Change, FieldState, PullResponse } from '$lib/sync/protocol';
import { delegationsOf } from '../auth/access';
import type { AuthUser } from '../auth/session';
import type { Selectable } from 'kysely';
import { readFieldsOfRows } from '../db/fields';
import type { DB, RowsTable } from '../db/schema';

type FeedRow = Pick<
	Selectable<RowsTable>,
	'entity' | 'entity_id' | 'inspection_id' | 'deleted' | 'version'
>;

export async function pull(
	db: Kysely<DB>,
	user: AuthUser,
	cursor: number,
	limit: number
): Promise<PullResponse> {
	const everything = user.role === 'admin' || user.role === 'viewer';
	const delegations = everything ? [] : (await delegationsOf(db, user)).map((d) => d.id);
	const rows = await db
		.selectFrom('rows')
		.select(['entity', 'entity_id', 'inspection_id', 'deleted', 'version'])
		.where('version', '>', cursor)
		.$if(!everything, (q) =>
			q.where((eb) =>
				eb.or([
					eb('inspection_id', 'is', null),
					eb(
						'inspection_id',
						'in',
						eb
							.selectFrom('inspections_index')
							.select('inspection_id')
							.where('delegation_id', 'in', delegations.length ? delegations : [''])
					)
				])
			)
		)
		.orderBy('version')
		.limit(limit + 1)
		.execute();
	const page = rows.slice(0, limit);
	const generic = page.filter((r) => r.deleted !== 1 && !DOCUMENTS.has(r.entity));
	const fields = await readFieldsOfRows(
		db,
		generic.map((r) => ({ entity: r.entity, entityId: r.entity_id }))
	);
	const changes = await Promise.all(page.map((row) => changeOf(db, row, fields)));
	const last = page.at(-1);
	return { changes, cursor: last ? last.version : cursor, more: rows.length > limit };
}

/** Rows whose content lives in a table of its own rather than in `fields`. */
const DOCUMENTS = new Set(['unit', 'template', 'indicatorSet', 'conflict']);

type PageFields = Map<string, Record<string, FieldState>>;

async function changeOf(db: Kysely<DB>, row: FeedRow, page: PageFields): Promise<Change> {
	const base = {
		version: row.version,
		entity: row.entity,
		entityId: row.entity_id,
		inspectionId: row.inspection_id,
		deleted: row.deleted === 1
	};
	if (base.deleted) return { ...base, fields: {} };
	return { ...base, fields: await fieldsOf(db, row, page) };
}

/** Server-written documents travel whole, as one `data` field at the row's version. */
function documentField(data: string, version: number): Record<string, FieldState> {
	return {
		data: {
			value: JSON.parse(data),
			version,
			by: 'server',
			deviceId: 'server',
			at: new Date(0).toISOString()
		}
	};
}

async function fieldsOf(
	db: Kysely<DB>,
	row: FeedRow,
	page: PageFields
): Promise<Record<string, FieldState>> {
	switch (row.entity) {
		case 'unit': {
			const unit = await db
				.selectFrom('units')
				.select('data')
				.where('id', '=', row.entity_id)
				.executeTakeFirst();
			return unit ? documentField(unit.data, row.version) : {};
		}
		case 'template':
		case 'indicatorSet': {
			const [id = '', version = '0'] = row.entity_id.split('@');
			const table = row.entity === 'template' ? 'templates' : 'indicator_sets';
			const doc = await db
				.selectFrom(table)
				.select('data')
				.where('id', '=', id)
				.where('version', '=', Number(version))
				.executeTakeFirst();
			return doc ? documentField(doc.data, row.version) : {};
		}
		case 'conflict': {
			const c = await db
				.selectFrom('conflicts')
				.selectAll()
				.where('id', '=', row.entity_id)
				.executeTakeFirst();
			if (!c) return {};
			const overwritten = JSON.parse(c.overwritten) as FieldState;
			const applied = JSON.parse(c.applied) as FieldState;
			const people = await db
				.selectFrom('users')
				.select(['id', 'display_name'])
				.where('id', 'in', [overwritten.by || '-', applied.by || '-'])
				.execute();
			const name = (id: string) => people.find((p) => p.id === id)?.display_name ?? '';
			const data = {
				id: c.id,
				inspectionId: c.inspection_id,
				entity: c.entity,
				entityId: c.entity_id,
				field: c.field,
				overwritten: { ...overwritten, by: name(overwritten.by) },
				applied: { ...applied, by: name(applied.by) },
				createdAt: c.created_at,
				resolvedAt: c.resolved_at
			};
			return documentField(JSON.stringify(data), row.version);
		}
		default:
			return page.get(`${row.entity}|${row.entity_id}`) ?? {};
	}
}
