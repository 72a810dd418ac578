import { canReadPhoto } from '$lib/server/auth/access';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db/sqlite';
import { apiError, requireUser } from '$lib/server/http';
import {
	MAX_UPLOAD_BYTES,
	hasPhoto,
	readPhoto,
	receivePhoto,
	type StoreProblem
} from '$lib/server/photo-store';
import type { RequestHandler } from './$types';

const SHA256 = /^[0-9a-f]{64}$/;

const PROBLEMS: Record<StoreProblem, [number, string]> = {
	'hash-mismatch': [400, 'Nội dung ảnh không khớp với mã SHA-256 đã gửi.'],
	'not-a-jpeg': [415, 'Tệp gửi lên không phải ảnh JPEG.'],
	'too-big': [413, 'Ảnh quá lớn.'],
	empty: [400, 'Tệp ảnh rỗng.'],
	incomplete: [400, 'Ảnh chưa được gửi trọn vẹn (kết nối bị ngắt). Hãy gửi lại.']
};

const notFound = () => apiError(404, 'not-found', 'Máy chủ chưa có ảnh này.');

/**
 * Whether this person may have the bytes, and the server holds them. Someone who may not read an
 * inspection with a photo of this hash gets the same 404 as for bytes never uploaded, so a hash
 * seen somewhere (a log line, a former membership) does not even confirm that the photo exists.
 * The hash still acts as a key for those who may write an inspection: naming it in a photo row of
 * their own opens the bytes. Hashes travel only to those who could read the photo (pull is
 * scoped to readable inspections) and to the operators' logs.
 */
async function readable(locals: App.Locals, sha256: string): Promise<boolean> {
	const user = requireUser(locals);
	const db = getDb();
	return SHA256.test(sha256) && (await canReadPhoto(db, user, sha256)) && hasPhoto(db, sha256);
}

export const HEAD: RequestHandler = async ({ locals, params }) => {
	const found = await readable(locals, params.sha256);
	return new Response(null, {
		status: found ? 200 : 404,
		headers: { 'cache-control': 'no-store' }
	});
};

export const GET: RequestHandler = async ({ locals, params }) => {
	const { sha256 } = params;
	if (!(await readable(locals, sha256))) return notFound();
	return new Response(await readPhoto(config().photosDir, sha256), {
		headers: {
			'content-type': 'image/jpeg',
			'cache-control': 'private, max-age=31536000, immutable'
		}
	});
};

/**
 * Any signed-in person may send bytes; reading them needs a photo row (above). PUT deliberately
 * does not ask for a row the sender may write:
 * - bytes alone give nobody anything: a GET needs a readable row naming them, and the upload must
 *   hash to its name, so a sender proves they hold the bytes and learns at most that the same
 *   bytes were sent before (200 instead of 201);
 * - the sync engine stops its round at any refused upload and tries again at the next. A photo
 *   whose metadata the server refused (its inspection signed meanwhile, its taker removed from
 *   the delegation) or has not received yet (a long queue pushed over several rounds) would then
 *   stop that device's syncing for good, or until the metadata arrives;
 * - what remains is disk use by a signed-in account, bounded per request (MAX_UPLOAD_BYTES, JPEG
 *   only) and logged with the user's id.
 */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	requireUser(locals);
	const { sha256 } = params;
	if (!SHA256.test(sha256)) return notFound();
	if ((request.headers.get('content-type') ?? '').split(';')[0]?.trim() !== 'image/jpeg') {
		return apiError(415, 'unsupported-media-type', 'Ảnh phải được gửi dưới dạng image/jpeg.');
	}
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > MAX_UPLOAD_BYTES) return apiError(413, 'too-big', PROBLEMS['too-big'][1]);
	if (!request.body) return apiError(400, 'empty', PROBLEMS.empty[1]);
	const result = await receivePhoto(getDb(), config().photosDir, sha256, request.body);
	if (result === 'created' || result === 'exists') {
		return new Response(null, { status: result === 'created' ? 201 : 200 });
	}
	return apiError(PROBLEMS[result][0], result, PROBLEMS[result][1]);
};
