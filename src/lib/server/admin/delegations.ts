/**
 * Delegations, the decision that set each one up, and their people. Membership is what gives a
 * lead or member access to a delegation's inspections (auth/access.ts), so a removed member's
 * next pull no longer carries them. Inspections already assigned keep the member list they were
 * given: it is part of the record of who inspected.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { MemberRoleSchema, type MemberRole } from '$lib/domain/inspection';
import { IsoDateSchema, requiredText } from '$lib/domain/text';
import { addMember, createDelegation } from '../db/delegations';
import type { DB } from '../db/schema';
import { throwApiError } from '../http';

export const NewDelegationSchema = z.strictObject({
	name: requiredText(300),
	decisionNumber: requiredText(100),
	decisionDate: IsoDateSchema,
	decisionIssuer: requiredText(300)
});

export const DelegationChangeSchema = NewDelegationSchema.partial().refine(
	(change) => Object.values(change).some((v) => v !== undefined),
	{ message: 'Không có thay đổi nào được gửi.' }
);

export const NewMemberSchema = z.strictObject({
	userId: z.string().min(1).max(100),
	role: MemberRoleSchema
});

export const MemberChangeSchema = z.strictObject({ role: MemberRoleSchema });

export async function addDelegation(
	db: Kysely<DB>,
	input: z.output<typeof NewDelegationSchema>
): Promise<{ id: string }> {
	const delegation = await createDelegation(db, input);
	return { id: delegation.id };
}

export async function changeDelegation(
	db: Kysely<DB>,
	id: string,
	change: z.output<typeof DelegationChangeSchema>
): Promise<void> {
	const updated = await db
		.updateTable('delegations')
		.set({
			...(change.name !== undefined && { name: change.name }),
			...(change.decisionNumber !== undefined && { decision_number: change.decisionNumber }),
			...(change.decisionDate !== undefined && { decision_date: change.decisionDate }),
			...(change.decisionIssuer !== undefined && { decision_issuer: change.decisionIssuer })
		})
		.where('id', '=', id)
		.executeTakeFirst();
	if (updated.numUpdatedRows === 0n) delegationNotFound();
}

/** Adds the person, or gives them `role` when they are a member already. */
export async function addDelegationMember(
	db: Kysely<DB>,
	delegationId: string,
	input: z.output<typeof NewMemberSchema>
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await delegationOrThrow(trx, delegationId);
		const user = await trx
			.selectFrom('users')
			.select('id')
			.where('id', '=', input.userId)
			.executeTakeFirst();
		if (!user) throwApiError(404, 'not-found', 'Không tìm thấy người dùng này.');
		await refuseSecondHead(trx, delegationId, input.userId, input.role);
		await addMember(trx, delegationId, input.userId, input.role);
	});
}

export async function changeMemberRole(
	db: Kysely<DB>,
	delegationId: string,
	userId: string,
	role: MemberRole
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await refuseSecondHead(trx, delegationId, userId, role);
		const updated = await trx
			.updateTable('delegation_members')
			.set({ role })
			.where('delegation_id', '=', delegationId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (updated.numUpdatedRows === 0n) memberNotFound();
	});
}

export async function removeMember(
	db: Kysely<DB>,
	delegationId: string,
	userId: string
): Promise<void> {
	const removed = await db
		.deleteFrom('delegation_members')
		.where('delegation_id', '=', delegationId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (removed.numDeletedRows === 0n) memberNotFound();
}

/** Assigning needs exactly one head, so a second one is refused where it would be made. */
async function refuseSecondHead(
	db: Kysely<DB>,
	delegationId: string,
	userId: string,
	role: MemberRole
): Promise<void> {
	if (role !== 'truong-doan') return;
	const head = await db
		.selectFrom('delegation_members')
		.select('user_id')
		.where('delegation_id', '=', delegationId)
		.where('role', '=', 'truong-doan')
		.where('user_id', '!=', userId)
		.executeTakeFirst();
	if (head) throwApiError(409, 'head-exists', 'Đoàn kiểm tra này đã có trưởng đoàn.');
}

export async function delegationOrThrow(db: Kysely<DB>, id: string): Promise<void> {
	const delegation = await db
		.selectFrom('delegations')
		.select('id')
		.where('id', '=', id)
		.executeTakeFirst();
	if (!delegation) delegationNotFound();
}

function delegationNotFound(): never {
	throwApiError(404, 'not-found', 'Không tìm thấy đoàn kiểm tra này.');
}

function memberNotFound(): never {
	throwApiError(404, 'not-found', 'Người này không phải thành viên của đoàn kiểm tra.');
}
