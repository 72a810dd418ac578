import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '$lib/db/connection';
import { StorageFullError } from '$lib/db/errors';
import { countPending } from '$lib/db/outbox';
import { hasReserve, holdReserve } from '$lib/db/reserve';
import { createInspection, useFreshDatabase, useFullDisk } from '$lib/db/test-fixtures';
import { backgroundRound, BACKGROUND_SYNC_TAG, requestBackgroundSync } from './background';
import { OfflineError, ServerRefusedError, SessionExpiredError, type SyncClient } from './client';
import type { PushMutation } from './protocol';

useFreshDatabase();
const disk = useFullDisk();

function clientPulling(pull: SyncClient['pull']): SyncClient {
	return { pull, hasPhoto: vi.fn(), putPhoto: vi.fn(), getPhoto: vi.fn() } as unknown as SyncClient;
}

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('backgroundRound', () => {
	it('runs a whole round and reports it', async () => {
		const pull = vi.fn(async () => ({ changes: [], cursor: 7, more: false }));
		expect(await backgroundRound(clientPulling(pull))).toMatchObject({ pushed: 0, pulled: 0 });
		expect(pull).toHaveBeenCalledOnce();
	});

	it('ends quietly when only a person can help: session expired, or refused', async () => {
		for (const error of [
			new SessionExpiredError('expired'),
			new ServerRefusedError(403, 'forbidden', 'no')
		]) {
			const pull = vi.fn(async () => Promise.reject(error));
			expect(await backgroundRound(clientPulling(pull))).toBeNull();
		}
	});

	it('fails without network, so that the browser tries again later', async () => {
		const pull = vi.fn(async () => Promise.reject(new OfflineError('down')));
		await expect(backgroundRound(clientPulling(pull))).rejects.toBeInstanceOf(OfflineError);
	});
});

describe('backgroundRound on a full disk', () => {
	function server() {
		const received: PushMutation[] = [];
		const push = vi.fn(async ({ mutations }: { mutations: PushMutation[] }) => {
			received.push(...mutations);
			return {
				results: mutations.map((m) => ({
					mutationId: m.mutationId,
					status: 'applied' as const,
					version: 1
				}))
			};
		});
		const pull = vi.fn(async () => ({ changes: [], cursor: 1, more: false }));
		const client = { ...clientPulling(pull), push } as unknown as SyncClient;
		return { client, push, received };
	}

	it('reports storage-full, sends nothing and keeps every queued change', async () => {
		await createInspection();
		const queued = await db().queue.toArray();
		expect(queued.length).toBeGreaterThan(0);
		disk.full = true;
		const { client, push } = server();
		await expect(backgroundRound(client)).rejects.toBeInstanceOf(StorageFullError);
		expect(push).not.toHaveBeenCalled();
		expect(await db().queue.toArray()).toEqual(queued);
	});

	it('sends everything on the reserve it kept while there was room', async () => {
		await holdReserve();
		await createInspection();
		const pending = await countPending();
		disk.full = true;
		const { client, received } = server();
		expect(await backgroundRound(client)).toMatchObject({ pushed: pending, storageLow: true });
		expect(received).toHaveLength(pending);
		expect(await db().queue.count()).toBe(0);
		expect(disk.refused).toBeGreaterThan(0);
	});

	it('keeps the reserve after a round that had room, ready for a full disk later', async () => {
		await createInspection();
		await backgroundRound(server().client);
		expect(await hasReserve()).toBe(true);
	});
});

describe('requestBackgroundSync', () => {
	it('registers the tag where the browser has Background Sync', async () => {
		const register = vi.fn(async () => {});
		vi.stubGlobal('navigator', {
			serviceWorker: { getRegistration: async () => ({ sync: { register } }) }
		});
		expect(await requestBackgroundSync()).toBe(true);
		expect(register).toHaveBeenCalledWith(BACKGROUND_SYNC_TAG);
	});

	it('says no where there is no service worker, no Background Sync, or a refusal', async () => {
		vi.stubGlobal('navigator', {});
		expect(await requestBackgroundSync()).toBe(false);
		vi.stubGlobal('navigator', { serviceWorker: { getRegistration: async () => ({}) } });
		expect(await requestBackgroundSync()).toBe(false);
		const register = async () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
		vi.stubGlobal('navigator', {
			serviceWorker: { getRegistration: async () => ({ sync: { register } }) }
		});
		expect(await requestBackgroundSync()).toBe(false);
	});
});
