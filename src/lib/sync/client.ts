/**
 * Typed calls to the city server. Every failure becomes one of four errors a person can be told
 * about: no network, session expired, the server refused (with its message), or the server broke.
 * Nothing here touches local data: callers decide what a failure means for the queue.
 */
import type { z } from 'zod';
import {
	AccountSchema,
	ApiErrorSchema,
	PullResponseSchema,
	PushResponseSchema,
	type Account,
	type LoginRequest,
	type PullResponse,
	type PushRequest,
	type PushResponse
} from './protocol';

export class OfflineError extends Error {
	override name = 'OfflineError';
}

/** 401: the device keeps everything and asks the person to log in again. */
export class SessionExpiredError extends Error {
	override name = 'SessionExpiredError';
}

export class ServerRefusedError extends Error {
	override name = 'ServerRefusedError';
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

export class ServerFailedError extends Error {
	override name = 'ServerFailedError';
	constructor(readonly status: number) {
		super(`server error ${status}`);
	}
}

type Fetch = typeof fetch;

async function call(fetcher: Fetch, path: string, init: RequestInit = {}): Promise<Response> {
	let response: Response;
	try {
		response = await fetcher(path, { credentials: 'same-origin', cache: 'no-store', ...init });
	} catch {
		throw new OfflineError('network unreachable');
	}
	if (response.ok) return response;
	if (response.status === 401) throw new SessionExpiredError('session expired');
	const body = ApiErrorSchema.safeParse(await response.json().catch(() => null));
	if (response.status >= 500 || !body.success) throw new ServerFailedError(response.status);
	throw new ServerRefusedError(response.status, body.data.error, body.data.message);
}

async function json<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
	const parsed = schema.safeParse(await response.json().catch(() => null));
	if (!parsed.success) throw new ServerFailedError(response.status);
	return parsed.data;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export function createClient(fetcher: Fetch = (...args) => fetch(...args)) {
	return {
		async login(request: LoginRequest): Promise<Account> {
			const response = await call(fetcher, '/api/auth/login', {
				method: 'POST',
				headers: JSON_HEADERS,
				body: JSON.stringify(request)
			});
			return json(response, AccountSchema);
		},

		async me(): Promise<Account> {
			return json(await call(fetcher, '/api/auth/me'), AccountSchema);
		},

		async logout(): Promise<void> {
			await call(fetcher, '/api/auth/logout', {
				method: 'POST',
				headers: JSON_HEADERS,
				body: '{}'
			});
		},

		async push(request: PushRequest): Promise<PushResponse> {
			const response = await call(fetcher, '/api/sync/push', {
				method: 'POST',
				headers: JSON_HEADERS,
				body: JSON.stringify(request)
			});
			return json(response, PushResponseSchema);
		},

		async pull(cursor: number, limit?: number): Promise<PullResponse> {
			const query = new URLSearchParams({ cursor: String(cursor) });
			if (limit) query.set('limit', String(limit));
			return json(await call(fetcher, `/api/sync/pull?${query}`), PullResponseSchema);
		},

		/** Whether the server already holds these bytes: a photo is never uploaded twice. */
		async hasPhoto(sha256: string): Promise<boolean> {
			try {
				await call(fetcher, `/api/photos/${sha256}`, { method: 'HEAD' });
				return true;
			} catch (e) {
				if (e instanceof ServerRefusedError && e.status === 404) return false;
				if (e instanceof ServerFailedError && e.status === 404) return false;
				throw e;
			}
		},

		async getPhoto(sha256: string): Promise<ArrayBuffer> {
			return (await call(fetcher, `/api/photos/${sha256}`)).arrayBuffer();
		},

		async registerKey(publicKeyJwk: object): Promise<void> {
			await call(fetcher, '/api/devices/key', {
				method: 'POST',
				headers: JSON_HEADERS,
				body: JSON.stringify({ publicKeyJwk })
			});
		},

		async putMinutesPdf(minutesId: string, bytes: ArrayBuffer): Promise<void> {
			await call(fetcher, `/api/minutes/${encodeURIComponent(minutesId)}/pdf`, {
				method: 'PUT',
				headers: { 'content-type': 'application/pdf' },
				body: bytes
			});
		},

		async putPhoto(sha256: string, bytes: ArrayBuffer): Promise<void> {
			await call(fetcher, `/api/photos/${sha256}`, {
				method: 'PUT',
				headers: { 'content-type': 'image/jpeg' },
				body: bytes
			});
		}
	};
}

export type SyncClient = ReturnType<typeof createClient>;
