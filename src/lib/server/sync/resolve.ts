/**
 * Closing a conflict: the delegation head (or an admin) has looked at both values and written
 * the one that stands, as an ordinary change. Marking the conflict resolved moves it through the
 * feed, so every device of the delegation stops showing it.
 */
import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/session';
import { recordChange } from '../db/feed';
import type { DB } from '../db/schema';

export type ResolveOutcome = 'resolved' | 'not-found' | 'forbidden';

async function leadsDelegationOf(db: Kysely<DB>, user: AuthUser, inspectionId: string) {
	const row = await db
		.selectFrom('inspections_index as i')
		.innerJoin('delegation_members as m', 'm.delegation_id', 'i.delegation_id')
		.select('m.role')
		.where('i.inspection_id', '=', inspectionId)
		.where('m.user_id', '=', user.id)
		.executeTakeFirst();
	return row?.role === 'truong-doan';
}

export async function resolveConflict(
	db: Kysely<DB>,
	user: AuthUser,
	conflictId: string
): Promise<ResolveOutcome> {
	return db.transaction().execute(async (trx) => {
		const conflict = await trx
			.selectFrom('conflicts')
			.selectAll()
			.where('id', '=', conflictId)
			.executeTakeFirst();
		if (!conflict) return 'not-found';
		const allowed =
			user.role === 'admin' || (await leadsDelegationOf(trx, user, conflict.inspection_id));
		if (!allowed) return 'forbidden';
		if (conflict.resolved_at) return 'resolved';
		await trx
			.updateTable('conflicts')
			.set({ resolved_at: new Date().toISOString(), resolved_by: user.id })
			.where('id', '=', conflictId)
			.execute();
		await recordChange(trx, {
			entity: 'conflict',
			entityId: conflictId,
			inspectionId: conflict.inspection_id
		});
		return 'resolved';
	});
}
