import { json } from '@sveltejs/kit';
import { addDelegation, NewDelegationSchema } from '$lib/server/admin/delegations';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request }) => {
	requireAdmin(locals);
	const input = await readJson(request, NewDelegationSchema);
	return json(await addDelegation(getDb(), input), { status: 201 });
};
