import { json } from '@sveltejs/kit';
import { delegationsOf } from '$lib/server/auth/access';
import { getDb } from '$lib/server/db/sqlite';
import { requireUser } from '$lib/server/http';
import type { Account } from '$lib/sync/protocol';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const user = requireUser(locals);
	return json({ user, delegations: await delegationsOf(getDb(), user) } satisfies Account);
};
