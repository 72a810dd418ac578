/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * App shell: the build, static files and one prerendered shell that answers every navigation,
 * so deep links open offline. Data never goes through the caches: it lives in IndexedDB, and /api
 * is left to the network. A new version waits until the page tells it to take over, after the
 * page has flushed its writes. Where the browser has Background Sync, the worker also runs a sync
 * round when the network returns, even with no tab open ($lib/sync/background).
 */
import '$lib/zod-jitless';
import { clientsClaim } from 'workbox-core';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withShellHeaders } from '$lib/security-headers';
import { SHELL_URL, precacheEntries } from '$lib/sw/manifest';
import { BACKGROUND_SYNC_TAG, SYNCED_MESSAGE, backgroundRound } from '$lib/sync/background';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(precacheEntries);
cleanupOutdatedCaches();
clientsClaim();
const shell = createHandlerBoundToURL(SHELL_URL);
registerRoute(
	new NavigationRoute(async (options) => withShellHeaders(await shell(options)), {
		denylist: [/^\/api\//, /^\/verify\//]
	})
);

self.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/** Not in TypeScript's webworker library: Background Sync is a Chromium extension. */
interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
}

self.addEventListener('sync', (event) => {
	const sync = event as SyncEvent;
	if (sync.tag !== BACKGROUND_SYNC_TAG) return;
	sync.waitUntil(
		backgroundRound().then(async (result) => {
			if (!result) return;
			const at = new Date().toISOString();
			for (const client of await self.clients.matchAll({ type: 'window' })) {
				client.postMessage({ type: SYNCED_MESSAGE, at });
			}
		})
	);
});
