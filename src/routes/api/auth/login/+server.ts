import { json } from '@sveltejs/kit';
import { accountOf } from '$lib/server/auth/account';
import { checkCredentials } from '$lib/server/auth/login';
import { loginThrottle } from '$lib/server/auth/rate-limit';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	setSessionCookie,
	type AuthUser
} from '$lib/server/auth/session';
import { registerDevice } from '$lib/server/db/devices';
import { getDb } from '$lib/server/db/sqlite';
import { normalizeLogin } from '$lib/server/db/users';
import { apiError, readJson } from '$lib/server/http';
import { isUsableKey, registerDeviceKey } from '$lib/server/minutes/keys';
import { LoginRequestSchema } from '$lib/sync/protocol';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, url, locals, getClientAddress }) => {
	const input = await readJson(request, LoginRequestSchema);
	// Refused before the password is checked, so a bad key never leaves a session half set up.
	if (input.publicKeyJwk && !(await isUsableKey(input.publicKeyJwk))) {
		return apiError(400, 'invalid-key', 'Khóa niêm phong của thiết bị không hợp lệ.');
	}
	const db = getDb();
	const login = normalizeLogin(input.login);
	const address = getClientAddress();
	const limit = loginThrottle.check(login, address);
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

	const credentials = await checkCredentials(db, input.login, input.password);
	if (credentials.outcome === 'disabled') {
		return apiError(
			403,
			'account-disabled',
			'Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên (Văn phòng UBND thành phố).'
		);
	}
	if (credentials.outcome === 'invalid') {
		loginThrottle.recordFailure(login, address);
		return apiError(401, 'invalid-credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
	}
	const { user } = credentials;
	loginThrottle.reset(login, address);

	// Whoever was logged in on this browser before is logged out, not left with a live session.
	if (locals.session) await invalidateSession(db, locals.session.id);
	await registerDevice(db, {
		id: input.deviceId,
		userId: user.id,
		userAgent: request.headers.get('user-agent') ?? ''
	});
	if (input.publicKeyJwk) {
		await registerDeviceKey(db, {
			userId: user.id,
			deviceId: input.deviceId,
			publicKeyJwk: input.publicKeyJwk
		});
	}
	const token = generateSessionToken();
	const session = await createSession(db, token, user.id, input.deviceId);
	setSessionCookie(cookies, url, token, session.expiresAt);

	const me: AuthUser = {
		id: user.id,
		login: user.login,
		displayName: user.display_name,
		role: user.role
	};
	return json(await accountOf(db, me));
};
