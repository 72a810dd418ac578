import { json } from '@sveltejs/kit';
import { accountOf } from '$lib/server/auth/account';
import { getDb } from '$lib/server/db/sqlite';
import { requireUser } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const user = requireUser(locals);
	return json(await accountOf(getDb(), user));
};
