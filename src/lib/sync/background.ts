/**
 * Background Sync, where the browser has it (Chromium): when a round fails for want of network,
 * or the page is hidden with changes still waiting, the page asks the browser to wake the service
 * worker once connectivity returns; the worker then runs the same round as the page, under the
 * same lock. The queue in IndexedDB stays the source of truth: browsers without Background Sync
 * (Safari, Firefox) simply sync the next time the app is open and online.
 */
import { deviceId } from '$lib/db/meta';
import { createClient, ServerRefusedError, SessionExpiredError, type SyncClient } from './client';
import { syncRound, type Progress, type RoundResult } from './engine';
import * as local from './local';

export const BACKGROUND_SYNC_TAG = 'kiem-tra-sync';
/** Posted by the service worker to open pages after a round it ran on its own. */
export const SYNCED_MESSAGE = 'kiem-tra-synced';
const LOCK = 'kiem-tra-sync';

type SyncManager = { register(tag: string): Promise<void>; getTags(): Promise<string[]> };

/**
 * One round for this device, one at a time across its tabs and its service worker: the server
 * would dedupe a double push anyway, but the network should not be spent twice.
 */
export async function lockedRound(client: SyncClient, progress?: Progress): Promise<RoundResult> {
	const device = await deviceId();
	const round = () => syncRound(client, local, device, progress);
	const locks = globalThis.navigator?.locks;
	return locks ? locks.request(LOCK, round) : round();
}

/** Page side: true when the browser took the request. */
export async function requestBackgroundSync(): Promise<boolean> {
	try {
		const registration = await globalThis.navigator?.serviceWorker?.getRegistration();
		const sync = (registration as { sync?: SyncManager } | undefined)?.sync;
		if (!sync) return false;
		await sync.register(BACKGROUND_SYNC_TAG);
		return true;
	} catch {
		// Refused (permission, private mode): the page's own triggers still cover the next visit.
		return false;
	}
}

/**
 * Worker side. A refusal or an expired session ends the attempt quietly: retrying cannot help
 * until a person signs in or reads the refusal. Anything else (no network, server down, or a
 * StorageFullError once even the reserve is spent) is thrown, so the browser schedules another
 * attempt with its own backoff: space may be freed with no page open.
 */
export async function backgroundRound(client = createClient()): Promise<RoundResult | null> {
	try {
		return await lockedRound(client);
	} catch (error) {
		if (error instanceof SessionExpiredError || error instanceof ServerRefusedError) return null;
		throw error;
	}
}
