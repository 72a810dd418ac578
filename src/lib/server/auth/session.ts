/**
 * Sessions in the pattern of the Lucia guide (lucia-auth.com): the cookie carries a random token,
 * the database keeps only sha256(token) as the session id, so a copy of the database cannot be
 * replayed as cookies. Field devices go days without network, so sessions last 30 days and slide:
 * any use with less than 15 days left extends them to 30 again.
 *
 * Every function takes `now`, so tests move the clock instead of waiting.
 */
import { createHash } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { DB, UserRole } from '../db/schema';

export const SESSION_COOKIE = 'kt_session';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY_MS;
const REFRESH_BELOW_MS = 15 * DAY_MS;
/** last_seen_at is for people ("active 3 minutes ago"); one write per request would be waste. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

/** What a request knows about its person; never the password hash. */
export type AuthUser = {
	id: string;
	login: string;
	displayName: string;
	role: UserRole;
};

export type Session = {
	id: string;
	userId: string;
	deviceId: string;
	expiresAt: Date;
};

/** 192 random bits, base64url: 32 cookie-safe characters. */
export function generateSessionToken(): string {
	return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url');
}

export function sessionIdOf(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** The device must already be registered (registerDevice): sessions reference it. */
export async function createSession(
	db: Kysely<DB>,
	token: string,
	userId: string,
	deviceId: string,
	now = new Date()
): Promise<Session> {
	const session = {
		id: sessionIdOf(token),
		userId,
		deviceId,
		expiresAt: new Date(now.getTime() + SESSION_TTL_MS)
	};
	await db
		.insertInto('sessions')
		.values({
			id: session.id,
			user_id: userId,
			device_id: deviceId,
			created_at: now.toISOString(),
			expires_at: session.expiresAt.toISOString(),
			last_seen_at: now.toISOString()
		})
		.execute();
	return session;
}

export type Validated = {
	session: Session;
	user: AuthUser;
	/** The expiry moved: the cookie must be sent again with the new date. */
	refreshed: boolean;
};

/** The session and person behind a cookie token, or null when it is unknown, expired or disabled. */
export async function validateSessionToken(
	db: Kysely<DB>,
	token: string,
	now = new Date()
): Promise<Validated | null> {
	const id = sessionIdOf(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.user_id',
			'sessions.device_id',
			'sessions.expires_at',
			'sessions.last_seen_at',
			'users.login',
			'users.display_name',
			'users.role',
			'users.disabled'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;

	let expiresAt = new Date(row.expires_at);
	if (now >= expiresAt) {
		await invalidateSession(db, id);
		return null;
	}
	if (row.disabled) return null;

	const refreshed = expiresAt.getTime() - now.getTime() < REFRESH_BELOW_MS;
	if (refreshed) expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
	if (refreshed || now.getTime() - new Date(row.last_seen_at).getTime() >= TOUCH_EVERY_MS) {
		await touch(db, id, row.device_id, row.user_id, expiresAt, now);
	}
	return {
		session: { id, userId: row.user_id, deviceId: row.device_id, expiresAt },
		user: { id: row.user_id, login: row.login, displayName: row.display_name, role: row.role },
		refreshed
	};
}

async function touch(
	db: Kysely<DB>,
	sessionId: string,
	deviceId: string,
	userId: string,
	expiresAt: Date,
	now: Date
): Promise<void> {
	const at = now.toISOString();
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('sessions')
			.set({ expires_at: expiresAt.toISOString(), last_seen_at: at })
			.where('id', '=', sessionId)
			.execute();
		await trx
			.updateTable('devices')
			.set({ last_seen_at: at })
			.where('id', '=', deviceId)
			.where('user_id', '=', userId)
			.execute();
	});
}

export async function invalidateSession(db: Kysely<DB>, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Logs the person out everywhere, except on the session `keep` when it is given. */
export async function endSessions(db: Kysely<DB>, userId: string, keep?: string): Promise<void> {
	await db
		.deleteFrom('sessions')
		.where('user_id', '=', userId)
		.$if(keep !== undefined, (q) => q.where('id', '!=', keep ?? ''))
		.execute();
}

/** Run at start so sessions of devices that never came back do not pile up. */
export async function deleteExpiredSessions(db: Kysely<DB>, now = new Date()): Promise<number> {
	const result = await db
		.deleteFrom('sessions')
		.where('expires_at', '<=', now.toISOString())
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/**
 * SameSite=Lax keeps the cookie off cross-site POSTs. Secure follows the request's scheme,
 * because a city may serve plain http on its internal network, where a Secure cookie is dropped.
 */
function cookieOptions(url: URL) {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' } as const;
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, { ...cookieOptions(url), expires: expiresAt });
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, cookieOptions(url));
}

/**
 * The Set-Cookie value that deletes the session cookie, for a response the hook makes itself:
 * SvelteKit only adds `cookies.delete` to responses that come out of `resolve`.
 */
export function deletedSessionCookie(cookies: Cookies, url: URL): string {
	return cookies.serialize(SESSION_COOKIE, '', { ...cookieOptions(url), maxAge: 0 });
}
