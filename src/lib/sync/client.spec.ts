import { describe, expect, it, vi } from 'vitest';
import {
	createClient,
	OfflineError,
	ServerFailedError,
	ServerRefusedError,
	SessionExpiredError
} from './client';

const MUTATION = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';

function respond(status: number, body?: unknown) {
	return vi.fn(async (_path: RequestInfo | URL, _init?: RequestInit) =>
		body === undefined
			? new Response(null, { status })
			: new Response(JSON.stringify(body), {
					status,
					headers: { 'content-type': 'application/json' }
				})
	);
}

describe('sync client', () => {
	it('sends a push as JSON with the session cookie and parses the results', async () => {
		const fetcher = respond(200, {
			results: [{ mutationId: MUTATION, status: 'applied', version: 7 }]
		});
		const client = createClient(fetcher);
		const result = await client.push({
			deviceId: 'dev-1',
			mutations: [
				{
					mutationId: MUTATION,
					entity: 'inspection',
					entityId: MUTATION,
					inspectionId: MUTATION,
					op: 'upsert',
					patch: { status: 'in-progress' },
					at: '2025-08-15T08:00:00.000Z',
					base: {}
				}
			]
		});
		expect(result.results[0]).toEqual({ mutationId: MUTATION, status: 'applied', version: 7 });
		const [path, init] = fetcher.mock.calls[0] ?? [];
		expect(path).toBe('/api/sync/push');
		expect(init).toMatchObject({
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json' }
		});
	});

	it('asks for changes after a cursor', async () => {
		const fetcher = respond(200, { changes: [], cursor: 12, more: false });
		expect(await createClient(fetcher).pull(12, 100)).toEqual({
			changes: [],
			cursor: 12,
			more: false
		});
		expect(fetcher.mock.calls[0]?.[0]).toBe('/api/sync/pull?cursor=12&limit=100');
	});

	it('tells no network, an expired session, a refusal and a server failure apart', async () => {
		const down = vi.fn(async (_path: RequestInfo | URL) => {
			throw new TypeError('Failed to fetch');
		});
		await expect(createClient(down).pull(0)).rejects.toBeInstanceOf(OfflineError);
		await expect(
			createClient(respond(401, { error: 'unauthenticated', message: 'x' })).pull(0)
		).rejects.toBeInstanceOf(SessionExpiredError);
		const refused = createClient(
			respond(409, { error: 'signed', message: 'Biên bản đã ký, không thể sửa.' })
		).pull(0);
		await expect(refused).rejects.toBeInstanceOf(ServerRefusedError);
		await expect(refused).rejects.toMatchObject({
			status: 409,
			code: 'signed',
			message: 'Biên bản đã ký, không thể sửa.'
		});
		await expect(createClient(respond(502)).pull(0)).rejects.toBeInstanceOf(ServerFailedError);
	});

	it('treats a reply that does not match the protocol as a server failure', async () => {
		await expect(createClient(respond(200, { changes: 'no' })).pull(0)).rejects.toBeInstanceOf(
			ServerFailedError
		);
	});

	it('checks for a photo by its hash before uploading it', async () => {
		const sha = 'a'.repeat(64);
		expect(await createClient(respond(200)).hasPhoto(sha)).toBe(true);
		expect(await createClient(respond(404)).hasPhoto(sha)).toBe(false);
		const put = respond(201, { ok: true });
		await createClient(put).putPhoto(sha, new Uint8Array([0xff, 0xd8]).buffer);
		expect(put.mock.calls[0]?.[0]).toBe(`/api/photos/${sha}`);
		expect(put.mock.calls[0]?.[1]).toMatchObject({
			method: 'PUT',
			headers: { 'content-type': 'image/jpeg' }
		});
	});
});
