import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireUser } from '$lib/server/http';
import { push } from '$lib/server/sync/push';
import { PushRequestSchema, type PushResponse } from '$lib/sync/protocol';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireUser(locals);
	const body = await readJson(request, PushRequestSchema);
	const results = await push(getDb(), user, body);
	return json({ results } satisfies PushResponse, { headers: { 'cache-control': 'no-store' } });
};
