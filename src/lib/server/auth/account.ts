/**
 * What login and `GET /api/auth/me` tell a device about its person: who they are and their
 * delegations, with what the minutes' letterhead and first ground need from each delegation.
 */
import type { Kysely } from 'kysely';
import type { Account } from '$lib/sync/protocol';
import type { DB } from '../db/schema';
import { delegationsOf, type DelegationSummary } from './access';
import type { AuthUser } from './session';

/** Who signs a decision for the body that issues it ("Chủ tịch UBND …", "Giám đốc Sở …"). */
const SIGNER_TITLE = /^(?:Phó\s+)?(?:Chủ\s+tịch|Giám\s+đốc|Trưởng\s+ban|Chánh\s+Văn\s+phòng)\s+/iu;
/** A body named directly, without the title of the person signing for it. */
const BODY = /^(?:Ủy\s+ban|Uỷ\s+ban|UBND|Sở|Văn\s+phòng|Ban)\s/iu;

/**
 * The governing body printed above the delegation in the letterhead: the body that set the
 * delegation up, which is the decision's issuer without the signer's title. The delegations
 * table has no column of its own for it; when the issuer does not read as a body, it is left out
 * and the device asks for it.
 */
export function governingBodyOf(decisionIssuer: string): string | undefined {
	const issuer = decisionIssuer.trim();
	const body = issuer.replace(SIGNER_TITLE, '');
	return BODY.test(body) ? body : undefined;
}

function letterhead(d: DelegationSummary): Account['delegations'][number] {
	const governingBody = governingBodyOf(d.decisionIssuer);
	return {
		id: d.id,
		name: d.name,
		role: d.role,
		...(governingBody ? { governingBody } : {}),
		decision: { number: d.decisionNumber, date: d.decisionDate || null, issuer: d.decisionIssuer }
	};
}

export async function accountOf(db: Kysely<DB>, user: AuthUser): Promise<Account> {
	return { user, delegations: (await delegationsOf(db, user)).map(letterhead) };
}
