import { afterEach, describe, expect, it, vi } from 'vitest';
import { useFreshDatabase } from '$lib/db/test-fixtures';
import { backgroundRound, BACKGROUND_SYNC_TAG, requestBackgroundSync } from './background';
import { OfflineError, ServerRefusedError, SessionExpiredError, type SyncClient } from './client';

useFreshDatabase();

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
