import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { version } from '$app/environment';
import { getDb } from '$lib/server/db/sqlite';
import { log } from '$lib/server/log';
import type { RequestHandler } from './$types';

const NO_STORE = { 'cache-control': 'no-store' };

/** For load balancers and the app's "is the server reachable" check: no session needed. */
export const GET: RequestHandler = async () => {
	try {
		await sql`select 1`.execute(getDb());
	} catch (e) {
		log.error('health: database unreachable', { error: String(e) });
		return json({ ok: false, version, db: 'error' }, { status: 503, headers: NO_STORE });
	}
	return json({ ok: true, version, db: 'ok' }, { headers: NO_STORE });
};
