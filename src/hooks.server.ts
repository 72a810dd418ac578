/**
 * The server's front door. At start: migrate, drop expired sessions and the temporary files of
 * uploads cut short, seed a fresh database.
 * Per request: find the session; refuse form submissions from other sites (SvelteKit's own check
 * is turned off for this, see `isCrossSiteForm`); for /api/* refuse cross-site writes and requests
 * without a session, answer every error as JSON and log one JSON line; every response gets the
 * security headers. Pages never need a
 * session: the field app works offline and without an account, and only syncing needs one.
 */
import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import {
	deleteExpiredSessions,
	deletedSessionCookie,
	deleteSessionCookie,
	SESSION_COOKIE,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { config } from '$lib/server/config';
import { getDb, migrateToLatest } from '$lib/server/db/sqlite';
import { apiError, asApiError, unauthenticated } from '$lib/server/http';
import { log } from '$lib/server/log';
import { sweepPartialUploads } from '$lib/server/photo-store';
import { addSecurityHeaders } from '$lib/security-headers';
import { demoBanner, seedDemoData } from '$lib/server/seed';

export const init: ServerInit = async () => {
	// `vite build` runs the server to prerender the shell; it must not create a database.
	if (building) return;
	const db = getDb();
	await migrateToLatest(db);
	await deleteExpiredSessions(db);
	sweepPartialUploads(config().photosDir);
	const seeded = await seedDemoData(db);
	if (seeded) {
		const { origin, port } = config();
		console.log(demoBanner(seeded, origin ?? `http://localhost:${port}`));
	}
	// Emitted by adapter-node on SIGTERM/SIGINT: closing checkpoints the WAL into the main file.
	process.once('sveltekit:shutdown', () => void db.destroy());
};

/** Reachable without a session: the probe, and the door to get one. */
const PUBLIC_API = new Set(['/api/health', '/api/auth/login']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request carried a session cookie that opens none: unknown, expired, disabled. */
async function authenticate(event: RequestEvent): Promise<boolean> {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return false;
	const found = await validateSessionToken(getDb(), token);
	if (!found) {
		deleteSessionCookie(event.cookies, event.url);
		return true;
	}
	if (found.refreshed) {
		setSessionCookie(event.cookies, event.url, token, found.session.expiresAt);
	}
	event.locals.user = found.user;
	event.locals.session = found.session;
	return false;
}

/**
 * SvelteKit's own CSRF check covers form content types only; JSON writes are checked here. A
 * request without Origin and Sec-Fetch-Site comes from no browser (curl, a script), and cannot
 * carry a victim's cookie against their will.
 */
function isCrossSite(event: RequestEvent): boolean {
	const origin = event.request.headers.get('origin');
	if (origin !== null) return !isOurOrigin(origin, event.url);
	const site = event.request.headers.get('sec-fetch-site');
	return site !== null && site !== 'same-origin' && site !== 'none';
}

/**
 * Without ORIGIN, adapter-node cannot know the scheme (it assumes https unless PROTOCOL_HEADER
 * says otherwise), so the request's own origin is its host: a page served from that host.
 */
function isOurOrigin(origin: string, url: URL): boolean {
	const expected = config().origin;
	if (expected) return origin === expected;
	return URL.canParse(origin) && new URL(origin).host === url.host;
}

/** What a form of any site can send without asking CORS first (SvelteKit's list). */
const FORM_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain'
]);

/**
 * SvelteKit's CSRF rule, applied here: a form-typed write must carry the app's own Origin (none
 * counts as another). SvelteKit's own check is off (`csrf.trustedOrigins: ['*']` in
 * svelte.config.js) because it answers before the hooks run, in plain text and without the
 * security headers, even under /api.
 */
function isCrossSiteForm(event: RequestEvent): boolean {
	const { headers, method } = event.request;
	if (SAFE_METHODS.has(method)) return false;
	const type = (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	if (!FORM_TYPES.has(type)) return false;
	const origin = headers.get('origin');
	return origin === null || !isOurOrigin(origin, event.url);
}

const badOrigin = () =>
	apiError(403, 'bad-origin', 'Yêu cầu bị từ chối vì không được gửi từ trang của ứng dụng.');

function guard(event: RequestEvent): Response | null {
	if (!SAFE_METHODS.has(event.request.method) && (isCrossSite(event) || isCrossSiteForm(event))) {
		return badOrigin();
	}
	if (!event.locals.user && !PUBLIC_API.has(event.url.pathname)) return unauthenticated();
	return null;
}

export const handle: Handle = async ({ event, resolve }) => {
	if (building) return resolve(event);
	const started = performance.now();
	const staleCookie = await authenticate(event);
	const { pathname } = event.url;
	if (pathname !== '/api' && !pathname.startsWith('/api/')) {
		if (isCrossSiteForm(event)) return addSecurityHeaders(badOrigin());
		return addSecurityHeaders(await resolve(event));
	}

	const refused = guard(event);
	if (refused && staleCookie) {
		refused.headers.append('set-cookie', deletedSessionCookie(event.cookies, event.url));
	}
	// SvelteKit words a thrown error() as JSON only for a client that asks for it; API clients
	// (curl, scripts) often send no Accept. Whatever SvelteKit still words itself becomes JSON too.
	if (!refused) event.request.headers.set('accept', 'application/json');
	const response = await asApiError(refused ?? (await resolve(event)));
	// Proxies and the service worker must never answer an API call from a cache.
	if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
	log.info('request', {
		method: event.request.method,
		path: pathname,
		status: response.status,
		ms: Math.round(performance.now() - started),
		user: event.locals.user?.id ?? null
	});
	return addSecurityHeaders(response);
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status < 500) return { message };
	log.error('unexpected error', {
		method: event.request.method,
		path: event.url.pathname,
		error: error instanceof Error ? (error.stack ?? error.message) : String(error)
	});
	return { message: 'Lỗi máy chủ. Vui lòng thử lại sau.' };
};
