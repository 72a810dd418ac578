import { invalidateSession, deleteSessionCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/sqlite';
import type { RequestHandler } from './$types';

/** Ends this device's session only; the device keeps its local data and unsent changes. */
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session) await invalidateSession(getDb(), locals.session.id);
	deleteSessionCookie(cookies, url);
	return new Response(null, { status: 204 });
};
