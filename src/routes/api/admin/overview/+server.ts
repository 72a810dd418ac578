import { json } from '@sveltejs/kit';
import { overview } from '$lib/server/admin/overview';
import { getDb } from '$lib/server/db/sqlite';
import { requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	requireAdmin(locals);
	return json(await overview(getDb()), { headers: { 'cache-control': 'no-store' } });
};
