import { json } from '@sveltejs/kit';
import { addUser, NewUserSchema } from '$lib/server/admin/users';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request }) => {
	requireAdmin(locals);
	const input = await readJson(request, NewUserSchema);
	return json(await addUser(getDb(), input), { status: 201 });
};
