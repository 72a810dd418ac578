import { getDb } from '$lib/server/db/sqlite';
import { verifyLink } from '$lib/server/minutes/verify';
import type { PageServerLoad } from './$types';

/** The QR link printed on the minutes; public, and never cached: a correction may follow. */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return { result: await verifyLink(getDb(), params.id, url.searchParams.get('h')) };
};
