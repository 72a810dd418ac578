import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/sqlite';
import { apiError, requireUser } from '$lib/server/http';
import { pull } from '$lib/server/sync/pull';
import { PullQuerySchema } from '$lib/sync/protocol';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUser(locals);
	const query = PullQuerySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!query.success) {
		return apiError(400, 'invalid', 'Tham số cursor/limit không hợp lệ.');
	}
	const page = await pull(getDb(), user, query.data.cursor, query.data.limit);
	return json(page, { headers: { 'cache-control': 'no-store' } });
};
