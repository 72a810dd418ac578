/** Everything the administration screen shows, read in one call. */
import type { Kysely } from 'kysely';
import type { MemberRole } from '$lib/domain/inspection';
import type { Localized } from '$lib/domain/text';
import type { Template } from '$lib/domain/template';
import type { Unit } from '$lib/domain/unit';
import type { AuthUser } from '../auth/session';
import type { DB } from '../db/schema';
import { unitsInUse } from './units';

export type Overview = {
	users: {
		id: string;
		login: string;
		displayName: string;
		role: AuthUser['role'];
		disabled: boolean;
	}[];
	delegations: {
		id: string;
		name: string;
		decisionNumber: string;
		decisionDate: string;
		decisionIssuer: string;
		members: { userId: string; login: string; displayName: string; role: MemberRole }[];
	}[];
	/** `inUse`: an inspection or another unit refers to it, so it cannot be deleted. */
	units: (Pick<Unit, 'id' | 'kind' | 'name' | 'address' | 'parentId' | 'isDemo'> & {
		inUse: boolean;
	})[];
	templates: { id: string; version: number; title: Localized }[];
};

export async function overview(db: Kysely<DB>): Promise<Overview> {
	const [users, delegations, members, units, usage, templates] = await Promise.all([
		db
			.selectFrom('users')
			.select(['id', 'login', 'display_name', 'role', 'disabled'])
			.orderBy('login')
			.execute(),
		db
			.selectFrom('delegations')
			.selectAll()
			.orderBy('decision_date', 'desc')
			.orderBy('name')
			.execute(),
		db
			.selectFrom('delegation_members as m')
			.innerJoin('users as u', 'u.id', 'm.user_id')
			.select(['m.delegation_id', 'm.user_id', 'm.role', 'u.login', 'u.display_name'])
			.orderBy('u.login')
			.execute(),
		db.selectFrom('units').selectAll().orderBy('id').execute(),
		unitsInUse(db),
		db.selectFrom('templates').selectAll().orderBy('id').orderBy('version', 'desc').execute()
	]);
	return {
		users: users.map((u) => ({
			id: u.id,
			login: u.login,
			displayName: u.display_name,
			role: u.role,
			disabled: u.disabled === 1
		})),
		delegations: delegations.map((d) => ({
			id: d.id,
			name: d.name,
			decisionNumber: d.decision_number,
			decisionDate: d.decision_date,
			decisionIssuer: d.decision_issuer,
			members: members
				.filter((m) => m.delegation_id === d.id)
				.map((m) => ({
					userId: m.user_id,
					login: m.login,
					displayName: m.display_name,
					role: m.role
				}))
		})),
		units: units
			.map((row) => JSON.parse(row.data) as Unit)
			.map((u) => ({
				id: u.id,
				kind: u.kind,
				name: u.name,
				address: u.address,
				parentId: u.parentId,
				isDemo: u.isDemo,
				inUse: usage.byInspections.has(u.id) || usage.byUnits.has(u.id)
			}))
			.sort((a, b) => a.name.localeCompare(b.name, 'vi')),
		templates: templates.map((t) => ({
			id: t.id,
			version: t.version,
			title: (JSON.parse(t.data) as Template).title
		}))
	};
}
