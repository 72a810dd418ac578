import { json } from '@sveltejs/kit';
import { delegationsOf } from '$lib/server/auth/access';
import { verifyDummy, verifyPassword } from '$lib/server/auth/password';
import { loginKey, loginLimiter } from '$lib/server/auth/rate-limit';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	setSessionCookie,
	type AuthUser
} from '$lib/server/auth/session';
import { registerDevice } from '$lib/server/db/devices';
import { getDb } from '$lib/server/db/sqlite';
import { findUserByLogin, normalizeLogin } from '$lib/server/db/users';
import { apiError, readJson } from '$lib/server/http';
import { LoginRequestSchema, type Account } from '$lib/sync/protocol';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, url, locals, getClientAddress }) => {
	const input = await readJson(request, LoginRequestSchema);
	const db = getDb();
	const key = loginKey(normalizeLogin(input.login), getClientAddress());
	const limit = loginLimiter.check(key);
	if (!limit.allowed) {
		const minutes = Math.ceil(limit.retryAfterSeconds / 60);
		return apiError(
			429,
			'rate-limited',
			`Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
			undefined,
			{ 'retry-after': String(limit.retryAfterSeconds) }
		);
	}

	const user = await findUserByLogin(db, input.login);
	// Unknown and disabled logins still pay for one hash, so timing does not reveal them.
	const valid =
		user && !user.disabled
			? await verifyPassword(user.password_hash, input.password)
			: await verifyDummy(input.password);
	if (!user || !valid) {
		loginLimiter.recordFailure(key);
		return apiError(401, 'invalid-credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
	}
	loginLimiter.reset(key);

	// Whoever was logged in on this browser before is logged out, not left with a live session.
	if (locals.session) await invalidateSession(db, locals.session.id);
	await registerDevice(db, {
		id: input.deviceId,
		userId: user.id,
		userAgent: request.headers.get('user-agent') ?? ''
	});
	const token = generateSessionToken();
	const session = await createSession(db, token, user.id, input.deviceId);
	setSessionCookie(cookies, url, token, session.expiresAt);

	const me: AuthUser = {
		id: user.id,
		login: user.login,
		displayName: user.display_name,
		role: user.role
	};
	return json({ user: me, delegations: await delegationsOf(db, me) } satisfies Account);
};
