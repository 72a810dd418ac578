/**
 * The only module that imports $service-worker: SvelteKit 3 splits it across $app/manifest,
 * $app/env and $app/service-worker, and this keeps that migration to one file.
 */
import { build, files, prerendered, version } from '$service-worker';

export const SHELL_URL = '/shell';

/**
 * Content-hashed files under /immutable/ keep their cache entry across versions; everything else
 * (static files, the shell) is fetched again when the version changes.
 */
export const precacheEntries = [...build, ...files, ...prerendered].map((url) => ({
	url,
	revision: url.includes('/immutable/') ? null : version
}));

export { version };
