import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { execSync } from 'node:child_process';

function appVersion() {
	if (process.env.APP_VERSION) return process.env.APP_VERSION;
	try {
		return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
			.toString()
			.trim();
	} catch {
		return 'dev';
	}
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// One prerendered shell answers every URL offline; relative asset paths would break under
		// nested URLs such as /inspections/<id>/findings.
		paths: { relative: false },
		serviceWorker: { register: false },
		version: { name: appVersion(), pollInterval: 0 },
		alias: { $fixtures: 'tests/fixtures' },
		// SvelteKit's CSRF check answers before the hooks, in plain text; hooks.server.ts applies
		// the same rule to form submissions (isCrossSiteForm) and answers JSON with the headers.
		csrf: { trustedOrigins: ['*'] },
		// SvelteKit adds the hash or nonce of its own inline start-up script to script-src, in the
		// response header, or in a <meta> of the prerendered shell (which cannot carry
		// frame-ancestors: hooks.server.ts and the service worker add it as a header).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Svelte transitions insert <style> elements and html2canvas copies computed styles
				// inline; with 'unsafe-inline' present SvelteKit adds no hash, which would disable it.
				'style-src': ['self', 'unsafe-inline'],
				// Photos and signatures are shown from object URLs of IndexedDB bytes and data: URLs.
				'img-src': ['self', 'blob:', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self', 'blob:', 'data:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
