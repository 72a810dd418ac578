import { isHttpError } from '@sveltejs/kit';
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { ApiErrorSchema } from '$lib/sync/protocol';
import { apiError, asApiError, readJson } from './http';

const Schema = z.strictObject({ login: z.string().min(1), count: z.int() });

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
	return new Request('http://localhost/api/x', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body
	});
}

/** The status and body readJson stopped with; fails the test when it did not stop. */
async function refusal(request: Request, limit?: number) {
	try {
		await readJson(request, Schema, limit);
	} catch (e) {
		if (!isHttpError(e)) throw e;
		return { status: e.status, body: ApiErrorSchema.parse(e.body) };
	}
	throw new Error('readJson accepted the request');
}

describe('readJson', () => {
	test('returns the parsed body, with any charset parameter', async () => {
		const request = post('{"login":"an","count":2}', {
			'content-type': 'Application/JSON; charset=utf-8'
		});
		expect(await readJson(request, Schema)).toEqual({ login: 'an', count: 2 });
	});

	test('415 when the body is not declared JSON', async () => {
		const { status, body } = await refusal(post('login=an', { 'content-type': 'text/plain' }));
		expect(status).toBe(415);
		expect(body.error).toBe('unsupported-media-type');
		expect(body.message).toContain('JSON');
	});

	test('400 for malformed JSON and for bytes that are not UTF-8', async () => {
		const malformed = await refusal(post('{"login": "an",'));
		expect(malformed).toMatchObject({ status: 400, body: { error: 'malformed-json' } });
		const latin1 = await refusal(post(new Uint8Array([0x22, 0xe9, 0x22])));
		expect(latin1).toMatchObject({ status: 400, body: { error: 'malformed-json' } });
	});

	test('400 listing every issue: wrong types, missing and unknown fields', async () => {
		const { status, body } = await refusal(post('{"login":3,"extra":true}'));
		expect(status).toBe(400);
		expect(body.error).toBe('invalid');
		expect(body.message).toBe('Dữ liệu gửi lên không hợp lệ.');
		const paths = body.issues?.map((i) => i.path).sort();
		expect(paths).toEqual(['', 'count', 'login']);
		const unknown = body.issues?.find((i) => i.path === '');
		expect(unknown?.message).toContain('extra');
		// Vietnamese wording from zod's locale, not English.
		expect(body.issues?.find((i) => i.path === 'login')?.message).toMatch(/không hợp lệ/);
	});

	test('413 when the declared length is over the limit, before reading anything', async () => {
		const request = post('{}', { 'content-length': String(6 * 1024 * 1024) });
		const { status, body } = await refusal(request);
		expect(status).toBe(413);
		expect(body.error).toBe('too-large');
		expect(request.bodyUsed).toBe(false);
	});

	test('413 when a body without a length grows past the limit', async () => {
		const chunk = new TextEncoder().encode(' '.repeat(1024));
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				sent++;
				controller.enqueue(chunk);
			}
		});
		const request = new Request('http://localhost/api/x', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: stream,
			duplex: 'half'
		} as RequestInit);
		const { status } = await refusal(request, 10 * 1024);
		expect(status).toBe(413);
		// It stopped reading soon after the limit instead of draining an endless body.
		expect(sent).toBeLessThan(20);
	});

	test('413 in the same shape when the adapter size limit fails the stream', async () => {
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				controller.error(Object.assign(new Error('Payload Too Large'), { status: 413 }));
			}
		});
		const request = new Request('http://localhost/api/x', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: stream,
			duplex: 'half'
		} as RequestInit);
		expect(await refusal(request)).toMatchObject({ status: 413, body: { error: 'too-large' } });
	});
});

test('apiError answers JSON in the shared error shape, never cached', async () => {
	const response = apiError(403, 'bad-origin', 'Từ chối.', undefined, { 'retry-after': '5' });
	expect(response.status).toBe(403);
	expect(response.headers.get('cache-control')).toBe('no-store');
	expect(response.headers.get('retry-after')).toBe('5');
	expect(response.headers.get('content-type')).toContain('application/json');
	expect(ApiErrorSchema.parse(await response.json())).toEqual({
		error: 'bad-origin',
		message: 'Từ chối.'
	});
	const withIssues = await apiError(400, 'invalid', 'Sai.', [{ path: 'a', message: 'b' }]).json();
	expect(ApiErrorSchema.parse(withIssues).issues).toEqual([{ path: 'a', message: 'b' }]);
});

describe('asApiError', () => {
	test('words an answer SvelteKit made as text or HTML as the JSON error body, headers kept', async () => {
		const text = new Response('PUT method not allowed', {
			status: 405,
			headers: { 'content-type': 'text/plain', allow: 'GET, HEAD' }
		});
		const answer = await asApiError(text);
		expect(answer.status).toBe(405);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(answer.headers.get('allow')).toBe('GET, HEAD');
		const body = ApiErrorSchema.parse(await answer.json());
		expect(body.error).toBe('method-not-allowed');
		expect(body.message.length).toBeGreaterThan(0);
		const page = await asApiError(
			new Response('<!doctype html><h1>500</h1>', {
				status: 500,
				headers: { 'content-type': 'text/html' }
			})
		);
		expect(ApiErrorSchema.parse(await page.json()).error).toBe('error');
	});

	test('leaves JSON errors and every answer below 400 as they are', async () => {
		const own = apiError(409, 'signed', 'Đã ký.');
		expect(await asApiError(own)).toBe(own);
		const photo = new Response('x', { headers: { 'content-type': 'image/jpeg' } });
		expect(await asApiError(photo)).toBe(photo);
	});
});
