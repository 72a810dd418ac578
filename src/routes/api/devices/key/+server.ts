import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/sqlite';
import { apiError, readJson, requireUser } from '$lib/server/http';
import { isUsableKey, registerDeviceKey } from '$lib/server/minutes/keys';
import { RegisterKeyRequestSchema, type RegisterKeyResponse } from '$lib/sync/minutes-wire';
import type { RequestHandler } from './$types';

/**
 * Registers the sealing key of the device this session was opened on: 201 for a new key, 200
 * when it was already registered for this person. The device comes from the session, never from
 * the body, so nobody can file a key under someone else's device.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireUser(locals);
	const { publicKeyJwk } = await readJson(request, RegisterKeyRequestSchema);
	if (!locals.session) return apiError(401, 'unauthenticated', 'Phiên đăng nhập không hợp lệ.');
	if (!(await isUsableKey(publicKeyJwk))) {
		return apiError(400, 'invalid-key', 'Khóa niêm phong của thiết bị không hợp lệ.');
	}
	const { keyId, created } = await registerDeviceKey(getDb(), {
		userId: user.id,
		deviceId: locals.session.deviceId,
		publicKeyJwk
	});
	return json({ keyId } satisfies RegisterKeyResponse, { status: created ? 201 : 200 });
};
