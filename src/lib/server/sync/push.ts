/**
 * Applies a push (docs/SYNC.md): the whole batch in one transaction, each mutation at most once.
 * A mutation id seen before answers with its stored result; a new one is checked (rights,
 * signed minutes, ids, values), merged per field and recorded with its result, so a push
 * replayed after a lost response changes nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import { newId } from '$lib/domain/ids';
import type { MutationResult, PushMutation, PushRequest } from '$lib/sync/protocol';
import { applyMutation, type RowState } from '$lib/sync/merge';
import { canWriteDelegation, canWriteInspection } from '../auth/access';
import type { AuthUser } from '../auth/session';
import { nextVersion, recordChange, stampRow } from '../db/feed';
import { readFields, writeFields } from '../db/fields';
import type { DB } from '../db/schema';
import { checkPatch, idsAgree } from './validate';

type Rejection = Extract<MutationResult, { status: 'rejected' }>;

function reject(m: PushMutation, reason: Rejection['reason'], message: string): Rejection {
	return { mutationId: m.mutationId, status: 'rejected', reason, message };
}

export async function push(
	db: Kysely<DB>,
	user: AuthUser,
	request: PushRequest
): Promise<MutationResult[]> {
	return db.transaction().execute(async (trx) => {
		const results: MutationResult[] = [];
		for (const mutation of request.mutations) {
			const seen = await trx
				.selectFrom('mutations')
				.select('result')
				.where('mutation_id', '=', mutation.mutationId)
				.executeTakeFirst();
			if (seen) {
				results.push(asDuplicate(JSON.parse(seen.result) as MutationResult));
				continue;
			}
			const result = await applyOne(trx, user, request.deviceId, mutation);
			await trx
				.insertInto('mutations')
				.values({
					mutation_id: mutation.mutationId,
					user_id: user.id,
					device_id: request.deviceId,
					result: JSON.stringify(result),
					applied_at: new Date().toISOString()
				})
				.execute();
			results.push(result);
		}
		return results;
	});
}

function asDuplicate(stored: MutationResult): MutationResult {
	return stored.status === 'rejected' ? stored : { ...stored, status: 'duplicate' };
}

/** Who may write the inspection, and whether it is still open; registers a new one. */
async function admit(
	trx: Transaction<DB>,
	user: AuthUser,
	m: PushMutation,
	patch: Record<string, unknown>
): Promise<Rejection | null> {
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

async function applyOne(
	trx: Transaction<DB>,
	user: AuthUser,
	deviceId: string,
	m: PushMutation
): Promise<MutationResult> {
	if (!idsAgree(m)) return reject(m, 'invalid', 'Mã bản ghi không thuộc cuộc kiểm tra đã nêu.');
	const checked = checkPatch(m);
	if (!checked.ok) return reject(m, 'invalid', checked.message);
	const refused = await admit(trx, user, m, checked.patch);
	if (refused) return refused;

	const current = await loadRow(trx, m);
	if (current === 'elsewhere') {
		return reject(m, 'invalid', 'Bản ghi thuộc một cuộc kiểm tra khác.');
	}
	const version = await nextVersion(trx);
	const { row, conflicts, changed } = applyMutation(
		current,
		{ ...m, patch: checked.patch },
		{
			version,
			by: user.id,
			deviceId
		}
	);
	if (changed) await saveRow(trx, m, row, version);
	for (const c of conflicts) {
		const id = newId();
		await recordChange(trx, {
			entity: 'conflict',
			entityId: id,
			inspectionId: m.inspectionId
		});
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
	trx: Transaction<DB>,
	m: PushMutation
): Promise<RowState | undefined | 'elsewhere'> {
	const row = await trx
		.selectFrom('rows')
		.selectAll()
		.where('entity', '=', m.entity)
		.where('entity_id', '=', m.entityId)
		.executeTakeFirst();
	if (!row) return undefined;
	if (row.inspection_id !== m.inspectionId) return 'elsewhere';
	return {
		deleted: row.deleted === 1,
		...(row.deleted === 1 ? { deletedVersion: row.version } : {}),
		fields: await readFields(trx, m.entity, m.entityId)
	};
}

async function saveRow(
	trx: Transaction<DB>,
	m: PushMutation,
	row: RowState,
	version: number
): Promise<void> {
	await stampRow(
		trx,
		{ entity: m.entity, entityId: m.entityId, inspectionId: m.inspectionId, deleted: row.deleted },
		version
	);
	// Only the fields this mutation set carry its version; the others are unchanged.
	const written = Object.entries(row.fields).filter(([, f]) => f.version === version);
	await writeFields(trx, m.entity, m.entityId, Object.fromEntries(written));
}
