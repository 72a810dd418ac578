/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * App shell only: the build, static files and one prerendered shell that answers every
 * navigation, so deep links open offline. Data never goes through here: it lives in IndexedDB,
 * and /api is left to the network. A new version waits until the page tells it to take over,
 * after the page has flushed its writes.
 */
import { clientsClaim } from 'workbox-core';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SHELL_URL, precacheEntries } from '$lib/sw/manifest';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(precacheEntries);
cleanupOutdatedCaches();
clientsClaim();
registerRoute(
	new NavigationRoute(createHandlerBoundToURL(SHELL_URL), {
		denylist: [/^\/api\//, /^\/verify\//]
	})
);

self.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
