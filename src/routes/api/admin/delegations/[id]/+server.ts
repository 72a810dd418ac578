import { json } from '@sveltejs/kit';
import { changeDelegation, DelegationChangeSchema } from '$lib/server/admin/delegations';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	requireAdmin(locals);
	const change = await readJson(request, DelegationChangeSchema);
	await changeDelegation(getDb(), params.id, change);
	return json({ ok: true });
};
