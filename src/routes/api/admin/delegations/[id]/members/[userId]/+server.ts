import { json } from '@sveltejs/kit';
import { changeMemberRole, MemberChangeSchema, removeMember } from '$lib/server/admin/delegations';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	requireAdmin(locals);
	const { role } = await readJson(request, MemberChangeSchema);
	await changeMemberRole(getDb(), params.id, params.userId, role);
	return json({ ok: true });
};

export const DELETE: RequestHandler = async ({ locals, params }) => {
	requireAdmin(locals);
	await removeMember(getDb(), params.id, params.userId);
	return json({ ok: true });
};
