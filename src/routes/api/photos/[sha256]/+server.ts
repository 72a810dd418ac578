import { error } from '@sveltejs/kit';
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

function hashOf(params: { sha256: string }): string {
	if (!SHA256.test(params.sha256)) error(404, 'not-found');
	return params.sha256;
}

export const HEAD: RequestHandler = async ({ locals, params }) => {
	requireUser(locals);
	const found = await hasPhoto(getDb(), hashOf(params));
	return new Response(null, {
		status: found ? 200 : 404,
		headers: { 'cache-control': 'no-store' }
	});
};

export const GET: RequestHandler = async ({ locals, params }) => {
	requireUser(locals);
	const sha256 = hashOf(params);
	if (!(await hasPhoto(getDb(), sha256))) {
		return apiError(404, 'not-found', 'Máy chủ chưa có ảnh này.');
	}
	return new Response(await readPhoto(config().photosDir, sha256), {
		headers: {
			'content-type': 'image/jpeg',
			'cache-control': 'private, max-age=31536000, immutable'
		}
	});
};

export const PUT: RequestHandler = async ({ locals, params, request }) => {
	requireUser(locals);
	const sha256 = hashOf(params);
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
