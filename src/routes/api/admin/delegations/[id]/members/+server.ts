import { json } from '@sveltejs/kit';
import { addDelegationMember, NewMemberSchema } from '$lib/server/admin/delegations';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params, request }) => {
	requireAdmin(locals);
	const input = await readJson(request, NewMemberSchema);
	await addDelegationMember(getDb(), params.id, input);
	return json({ ok: true });
};
