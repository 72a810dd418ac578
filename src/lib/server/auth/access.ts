/**
 * Who may read and write which inspection. An inspection belongs to one delegation
 * (inspections_index); people belong to delegations (delegation_members).
 *
 * | role            | read                                 | write                     |
 * | --------------- | ------------------------------------ | ------------------------- |
 * | admin           | every inspection                     | every inspection          |
 * | lead, member    | inspections of their delegations     | the same                  |
 * | viewer          | every inspection (city-wide oversight) | none                    |
 *
 * Signing is not a permission: a signed inspection is still "writable" here, and the write is
 * refused as `signed` (409) by whoever applies it, so the device can tell the two apart.
 */
import { sql, type Kysely } from 'kysely';
import type { MemberRole } from '$lib/domain/inspection';
import type { DB } from '../db/schema';
import type { AuthUser } from './session';

type Who = Pick<AuthUser, 'id' | 'role'>;

export type DelegationSummary = {
	id: string;
	name: string;
	decisionNumber: string;
	decisionDate: string;
	decisionIssuer: string;
	/** The person's role in the delegation; null for an admin or viewer who is not a member. */
	role: MemberRole | null;
};

const readsEverything = (user: Who) => user.role === 'admin' || user.role === 'viewer';

/**
 * The delegations whose inspections the person may read, by decision date, newest first. Pull
 * can scope itself with it: an inspection is visible when its delegation is in this list.
 */
export async function delegationsOf(db: Kysely<DB>, user: Who): Promise<DelegationSummary[]> {
	const rows = await db
		.selectFrom('delegations as d')
		.leftJoin('delegation_members as m', (join) =>
			join.onRef('m.delegation_id', '=', 'd.id').on('m.user_id', '=', user.id)
		)
		.select([
			'd.id',
			'd.name',
			'd.decision_number',
			'd.decision_date',
			'd.decision_issuer',
			'm.role'
		])
		.$if(!readsEverything(user), (q) => q.where('m.user_id', 'is not', null))
		.orderBy('d.decision_date', 'desc')
		.orderBy('d.name')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		decisionNumber: r.decision_number,
		decisionDate: r.decision_date,
		decisionIssuer: r.decision_issuer,
		role: r.role
	}));
}

async function isMember(db: Kysely<DB>, userId: string, delegationId: string): Promise<boolean> {
	const row = await db
		.selectFrom('delegation_members')
		.select('user_id')
		.where('delegation_id', '=', delegationId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row !== undefined;
}

async function delegationOfInspection(
	db: Kysely<DB>,
	inspectionId: string
): Promise<string | undefined> {
	const row = await db
		.selectFrom('inspections_index')
		.select('delegation_id')
		.where('inspection_id', '=', inspectionId)
		.executeTakeFirst();
	return row?.delegation_id;
}

/** Whether the person may create inspections in this delegation (and write its inspections). */
export async function canWriteDelegation(
	db: Kysely<DB>,
	user: Who,
	delegationId: string
): Promise<boolean> {
	if (user.role === 'admin') return true;
	if (user.role === 'viewer') return false;
	return isMember(db, user.id, delegationId);
}

export async function canReadInspection(
	db: Kysely<DB>,
	user: Who,
	inspectionId: string
): Promise<boolean> {
	if (readsEverything(user)) return true;
	const delegationId = await delegationOfInspection(db, inspectionId);
	return delegationId !== undefined && isMember(db, user.id, delegationId);
}

/**
 * False for an inspection the server has not registered yet, except for an admin: register it
 * first, with a delegation that `canWriteDelegation` allows.
 */
export async function canWriteInspection(
	db: Kysely<DB>,
	user: Who,
	inspectionId: string
): Promise<boolean> {
	if (user.role === 'admin') return true;
	if (user.role === 'viewer') return false;
	const delegationId = await delegationOfInspection(db, inspectionId);
	return delegationId !== undefined && canWriteDelegation(db, user, delegationId);
}

/**
 * The photo rows naming these bytes in inspections the person may read. The literals match the
 * partial index `fields_photo_sha256` (migration 0004), which a bound parameter would not.
 */
export function readablePhotoRows(db: Kysely<DB>, user: Who, sha256: string) {
	return db
		.selectFrom('fields as f')
		.innerJoin('rows as r', (join) =>
			join.onRef('r.entity', '=', 'f.entity').onRef('r.entity_id', '=', 'f.entity_id')
		)
		.$if(!readsEverything(user), (q) =>
			q
				.innerJoin('inspections_index as i', 'i.inspection_id', 'r.inspection_id')
				.innerJoin('delegation_members as m', (join) =>
					join.onRef('m.delegation_id', '=', 'i.delegation_id').on('m.user_id', '=', user.id)
				)
		)
		.select('f.entity_id')
		.where(sql.ref('f.entity'), '=', sql.lit('photo'))
		.where(sql.ref('f.field'), '=', sql.lit('sha256'))
		.where('f.value', '=', JSON.stringify(sha256));
}

/**
 * Whether the person may read an inspection holding a photo row with these bytes: photo bytes
 * are shared by content, so reading them is reading some inspection's photo. Bytes no row names
 * (uploaded before their metadata, or for a refused row) are read by nobody.
 */
export async function canReadPhoto(db: Kysely<DB>, user: Who, sha256: string): Promise<boolean> {
	return (await readablePhotoRows(db, user, sha256).executeTakeFirst()) !== undefined;
}
