/**
 * The API's two halves of every JSON exchange: reading a request body safely and answering with
 * an error body the client understands (`ApiErrorSchema`: a code for programs, a Vietnamese
 * sentence for people, and for invalid input the list of what is wrong).
 */
import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import type { ApiError } from '$lib/sync/protocol';
import type { AuthUser } from './auth/session';

export type ApiIssue = { path: string; message: string };

/** Push batches of 500 mutations stay well under this; anything larger is a mistake or abuse. */
export const MAX_JSON_BYTES = 5 * 1024 * 1024;

const NO_STORE = { 'cache-control': 'no-store' };

function body(code: string, message: string, issues?: ApiIssue[]): ApiError {
	return issues ? { error: code, message, issues } : { error: code, message };
}

/** An error response to return from a route or hook. */
export function apiError(
	status: number,
	code: string,
	message: string,
	issues?: ApiIssue[],
	headers: Record<string, string> = {}
): Response {
	return json(body(code, message, issues), { status, headers: { ...NO_STORE, ...headers } });
}

/** For the few answers SvelteKit words itself, as plain text or an HTML page. */
const WORDED_BY_KIT: Record<number, [string, string]> = {
	400: ['bad-request', 'Yêu cầu không hợp lệ.'],
	404: ['not-found', 'Không có địa chỉ này.'],
	405: ['method-not-allowed', 'Địa chỉ này không nhận phương thức này.'],
	413: ['too-large', 'Dữ liệu gửi lên quá lớn.']
};

/**
 * An API answer of status 400 or more as the API's JSON error body, whatever made it: the routes'
 * own answers pass as they are; SvelteKit's (405 as text, 404 or a malformed address as an HTML
 * page) get a code and a sentence for their status, keeping their headers (`allow`, cookies).
 */
export async function asApiError(response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (response.status < 400 || type.startsWith('application/json')) return response;
	await response.body?.cancel();
	const [code, message] = WORDED_BY_KIT[response.status] ?? [
		'error',
		response.status >= 500 ? 'Lỗi máy chủ. Vui lòng thử lại sau.' : 'Yêu cầu bị từ chối.'
	];
	const headers = new Headers(response.headers);
	headers.set('content-type', 'application/json');
	headers.set('cache-control', 'no-store');
	headers.delete('content-length');
	return new Response(JSON.stringify(body(code, message)), { status: response.status, headers });
}

/**
 * The same error, thrown: SvelteKit turns it into a JSON response with this exact body (the hook
 * makes every /api request accept JSON, so even a client sending no Accept gets it), so helpers
 * deep in a route can stop it without threading a Response back up.
 */
export function throwApiError(
	status: number,
	code: string,
	message: string,
	issues?: ApiIssue[]
): never {
	error(status, body(code, message, issues));
}

/** Zod's Vietnamese messages, used for issues the schemas do not word themselves. */
const vietnamese = z.locales.vi().localeError;

/** A batch with thousands of mistakes reports the first 50: enough to fix it, small to send. */
function issuesOf(e: z.ZodError): ApiIssue[] {
	return e.issues.slice(0, 50).map((issue) => ({
		path: issue.path.map(String).join('.'),
		message: issue.message
	}));
}

async function readCapped(request: Request, limit: number): Promise<Uint8Array> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > limit) tooLarge(limit);
	if (!request.body) return new Uint8Array();
	// Content-Length may be absent (chunked) or false, so count what actually arrives.
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await read(reader);
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			tooLarge(limit);
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

/**
 * adapter-node enforces its own BODY_SIZE_LIMIT (512 KB unless configured) by failing the stream
 * with a 413; it gets the same JSON answer as ours, without a figure we cannot know.
 */
async function read(reader: ReadableStreamDefaultReader<Uint8Array>) {
	try {
		return await reader.read();
	} catch (e) {
		if ((e as { status?: unknown }).status !== 413) throw e;
		throwApiError(413, 'too-large', 'Dữ liệu gửi lên quá lớn.');
	}
}

function tooLarge(limit: number): never {
	const mb = (limit / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
	throwApiError(413, 'too-large', `Dữ liệu gửi lên quá lớn (tối đa ${mb} MB).`);
}

/**
 * The request body as `schema` parses it. Stops the route with 415 unless the body is declared
 * `application/json`, 413 above `limit` bytes, and 400 when it is not UTF-8 JSON or does not
 * match the schema (wrong types, missing or unknown fields: each listed in `issues`).
 * Requiring the JSON content type also makes every cross-site call a CORS preflight, which the
 * server never approves.
 */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S,
	limit = MAX_JSON_BYTES
): Promise<z.output<S>> {
	const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim();
	if (mediaType?.toLowerCase() !== 'application/json') {
		throwApiError(
			415,
			'unsupported-media-type',
			'Dữ liệu phải được gửi dưới dạng JSON (Content-Type: application/json).'
		);
	}
	const bytes = await readCapped(request, limit);
	let data: unknown;
	try {
		data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		throwApiError(400, 'malformed-json', 'Dữ liệu gửi lên không phải JSON hợp lệ.');
	}
	const parsed = await schema.safeParseAsync(data, { error: vietnamese });
	if (!parsed.success) {
		throwApiError(400, 'invalid', 'Dữ liệu gửi lên không hợp lệ.', issuesOf(parsed.error));
	}
	return parsed.data;
}

const UNAUTHENTICATED =
	'Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.';

export function unauthenticated(): Response {
	return apiError(401, 'unauthenticated', UNAUTHENTICATED);
}

/**
 * The logged-in person. The hook already answers 401 for /api routes without a session; this
 * states it to the type checker and covers routes outside /api.
 */
export function requireUser(locals: App.Locals): AuthUser {
	if (!locals.user) throwApiError(401, 'unauthenticated', UNAUTHENTICATED);
	return locals.user;
}

/** The logged-in administrator; anyone else is stopped with 403. */
export function requireAdmin(locals: App.Locals): AuthUser {
	const user = requireUser(locals);
	if (user.role !== 'admin') {
		throwApiError(403, 'forbidden', 'Chỉ quản trị viên mới dùng được chức năng này.');
	}
	return user;
}
