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
		alias: { $fixtures: 'tests/fixtures' }
	}
};

export default config;
