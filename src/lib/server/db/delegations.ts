import type { Kysely } from 'kysely';
import type { MemberRole } from '$lib/domain/inspection';
import type { DB, Delegation } from './schema';

export type NewDelegationInput = {
	name: string;
	decisionNumber: string;
	decisionDate: string;
	decisionIssuer: string;
};

export async function createDelegation(
	db: Kysely<DB>,
	input: NewDelegationInput,
	now = new Date()
): Promise<Delegation> {
	return db
		.insertInto('delegations')
		.values({
			id: crypto.randomUUID(),
			name: input.name,
			decision_number: input.decisionNumber,
			decision_date: input.decisionDate,
			decision_issuer: input.decisionIssuer,
			created_at: now.toISOString()
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function addMember(
	db: Kysely<DB>,
	delegationId: string,
	userId: string,
	role: MemberRole
): Promise<void> {
	await db
		.insertInto('delegation_members')
		.values({ delegation_id: delegationId, user_id: userId, role })
		.onConflict((oc) => oc.columns(['delegation_id', 'user_id']).doUpdateSet({ role }))
		.execute();
}
