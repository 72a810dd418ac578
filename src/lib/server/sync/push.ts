/**
 * Applies a push (docs/SYNC.md): the whole batch in one transaction, each mutation at most once.
 * A mutation id seen before answers with its stored result; a new one is checked (rights,
 * signed minutes, ids, values), merged per field and recorded with its result, so a push
 * replayed after a lost response changes nothing.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import { newId } from '$lib/domain/ids';
import type { MutationResult, PushMutation, PushRequest } from '$lib/sync/protocol';
import { applyMutation, type RowState } from '$lib/sync/merge';
import { canWriteDelegation, canWriteInspection } from '../auth/access';
import type { AuthUser } from '../auth/session';
import { FeedBatch } from '../db/feed-batch';
import type { DB, MutationsTable } from '../db/schema';
import { acceptMinutes } from '../minutes/accept';
import { checkPatch, idsAgree } from './validate';

type Rejection = Extract<MutationResult, { status: 'rejected' }>;

function reject(m: PushMutation, reason: Rejection['reason'], message: string): Rejection {
	return { mutationId: m.mutationId, status: 'rejected', reason, message };
}

/** What every mutation of one batch shares. */
type Batch = {
	trx: Transaction<DB>;
	user: AuthUser;
	deviceId: string;
	feed: FeedBatch;
	/** Inspections this batch found open to the writer (see admit). */
	admitted: Set<string>;
};

export async function push(
	db: Kysely<DB>,
	user: AuthUser,
	request: PushRequest
): Promise<MutationResult[]> {
	return db.transaction().execute(async (trx) => {
		const seen = await storedResults(
			trx,
			request.mutations.map((m) => m.mutationId)
		);
		const feed = new FeedBatch(trx);
		await feed.load(request.mutations);
		const batch: Batch = { trx, user, deviceId: request.deviceId, feed, admitted: new Set() };
		const records: Insertable<MutationsTable>[] = [];
		const results: MutationResult[] = [];
		for (const mutation of request.mutations) {
			const stored = seen.get(mutation.mutationId);
			if (stored) {
				results.push(asDuplicate(stored));
				continue;
			}
			const result = await applyOne(batch, mutation);
			// A mutation id repeated later in this batch answers as a replay of this one.
			seen.set(mutation.mutationId, result);
			records.push({
				mutation_id: mutation.mutationId,
				user_id: user.id,
				device_id: request.deviceId,
				result: JSON.stringify(result),
				applied_at: new Date().toISOString()
			});
			results.push(result);
		}
		await feed.flush();
		for (let i = 0; i < records.length; i += RECORDS_PER_STATEMENT) {
			await trx
				.insertInto('mutations')
				.values(records.slice(i, i + RECORDS_PER_STATEMENT))
				.execute();
		}
		return results;
	});
}

/** Five parameters a record: far below SQLite's limit on parameters per statement. */
const RECORDS_PER_STATEMENT = 100;

/** The results already recorded for these mutation ids, read in one query per slice. */
async function storedResults(
	trx: Transaction<DB>,
	ids: string[]
): Promise<Map<string, MutationResult>> {
	const found = new Map<string, MutationResult>();
	for (let i = 0; i < ids.length; i += RECORDS_PER_STATEMENT) {
		const rows = await trx
			.selectFrom('mutations')
			.select(['mutation_id', 'result'])
			.where('mutation_id', 'in', ids.slice(i, i + RECORDS_PER_STATEMENT))
			.execute();
		for (const row of rows) found.set(row.mutation_id, JSON.parse(row.result) as MutationResult);
	}
	return found;
}

function asDuplicate(stored: MutationResult): MutationResult {
	return stored.status === 'rejected' ? stored : { ...stored, status: 'duplicate' };
}

/**
 * Who may write the inspection, and whether it is still open; registers a new one. `admitted`
 * holds the inspections this batch already found open to this writer: rights do not change
 * inside the batch's transaction, and minutes signed in it take their inspection out of the set.
 */
async function admit(
	{ trx, user, admitted }: Batch,
	m: PushMutation,
	patch: Record<string, unknown>
): Promise<Rejection | null> {
	if (admitted.has(m.inspectionId)) return null;
	const index = await trx
		.selectFrom('inspections_index')
		.selectAll()
		.where('inspection_id', '=', m.inspectionId)
		.executeTakeFirst();
	if (!index) {
		if (m.entity !== 'inspection' || m.op !== 'upsert') {
			return reject(m, 'not-found', 'Cuộc kiểm tra chưa có trên máy chủ.');
		}
		const delegationId = await delegationFor(trx, user, patch['delegationId']);
		if (!delegationId) {
			return reject(
				m,
				'forbidden',
				'Bạn không thuộc đoàn kiểm tra nào được phép tạo cuộc kiểm tra này.'
			);
		}
		await trx
			.insertInto('inspections_index')
			.values({ inspection_id: m.inspectionId, delegation_id: delegationId, signed_at: null })
			.execute();
		return null;
	}
	if (!(await canWriteInspection(trx, user, m.inspectionId))) {
		return reject(m, 'forbidden', 'Bạn không có quyền sửa cuộc kiểm tra này.');
	}
	if (index.signed_at) {
		return reject(m, 'signed', 'Biên bản đã được ký: cuộc kiểm tra không thể sửa nữa.');
	}
	admitted.add(m.inspectionId);
	return null;
}

/** The delegation a new inspection joins: the one named, or the writer's only delegation. */
async function delegationFor(
	trx: Transaction<DB>,
	user: AuthUser,
	named: unknown
): Promise<string | null> {
	if (typeof named === 'string') return (await canWriteDelegation(trx, user, named)) ? named : null;
	const mine = await trx
		.selectFrom('delegation_members')
		.select('delegation_id')
		.where('user_id', '=', user.id)
		.execute();
	const [only] = mine;
	return mine.length === 1 && only ? only.delegation_id : null;
}

async function applyOne(batch: Batch, m: PushMutation): Promise<MutationResult> {
	// Signed minutes are checked and stored whole, never merged (minutes/accept.ts).
	if (m.entity === 'minutes') return acceptMinutes(batch, m);
	if (!idsAgree(m)) return reject(m, 'invalid', 'Mã bản ghi không thuộc cuộc kiểm tra đã nêu.');
	const checked = checkPatch(m);
	if (!checked.ok) return reject(m, 'invalid', checked.message);
	const refused = await admit(batch, m, checked.patch);
	if (refused) return refused;

	const { trx, feed } = batch;
	const current = await loadRow(feed, m);
	if (current === 'elsewhere') {
		return reject(m, 'invalid', 'Bản ghi thuộc một cuộc kiểm tra khác.');
	}
	const version = await feed.nextVersion();
	const { row, conflicts, changed } = applyMutation(
		current,
		{ ...m, patch: checked.patch },
		{
			version,
			by: batch.user.id,
			deviceId: batch.deviceId
		}
	);
	if (changed) await saveRow(feed, m, row, version);
	for (const c of conflicts) {
		const id = newId();
		const conflictRow = { entity: 'conflict' as const, entityId: id, inspectionId: m.inspectionId };
		await feed.stampRow(conflictRow, await feed.nextVersion());
		await trx
			.insertInto('conflicts')
			.values({
				id,
				inspection_id: m.inspectionId,
				entity: m.entity,
				entity_id: m.entityId,
				field: c.field,
				overwritten: JSON.stringify(c.overwritten),
				applied: JSON.stringify(c.applied),
				created_at: new Date().toISOString(),
				resolved_at: null,
				resolved_by: null
			})
			.execute();
	}
	return {
		mutationId: m.mutationId,
		status: conflicts.length > 0 ? 'conflict' : 'applied',
		version
	};
}

async function loadRow(
	feed: FeedBatch,
	m: PushMutation
): Promise<RowState | undefined | 'elsewhere'> {
	const row = await feed.row(m.entity, m.entityId);
	if (!row) return undefined;
	if (row.inspectionId !== m.inspectionId) return 'elsewhere';
	return {
		deleted: row.deleted,
		...(row.deleted ? { deletedVersion: row.version } : {}),
		fields: row.fields
	};
}

async function saveRow(feed: FeedBatch, m: PushMutation, row: RowState, version: number) {
	await feed.stampRow(
		{ entity: m.entity, entityId: m.entityId, inspectionId: m.inspectionId, deleted: row.deleted },
		version
	);
	// Only the fields this mutation set carry its version; the others are unchanged.
	const written = Object.entries(row.fields).filter(([, f]) => f.version === version);
	feed.writeFields(m.entity, m.entityId, Object.fromEntries(written));
}
