/**
 * The stress suite (tests/stress): fault injection, hostile input, security probes. It runs
 * against the production build like the e2e suite, with its own port and a fresh server database.
 * `npm run test:stress` (part of `npm test`) runs a small seeded sample of every suite;
 * `npm run stress` runs the full counts (STRESS_FULL=1), which take far longer.
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const PORT = Number(process.env.STRESS_PORT ?? 4191);
const DATA_DIR = 'test-results/stress-server-data';

export default defineConfig({
	...base,
	testDir: 'tests/stress',
	testMatch: '**/*.stress.ts',
	retries: 0,
	timeout: Number(process.env.STRESS_FULL ? 3_600_000 : 300_000),
	reporter: [['list'], ['json', { outputFile: 'reports/stress.json' }]],
	use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
	webServer: {
		command: `rm -rf ${DATA_DIR} && npx vite build && PORT=${PORT} HOST=127.0.0.1 ORIGIN=http://127.0.0.1:${PORT} DATA_DIR=${DATA_DIR} BODY_SIZE_LIMIT=64M LOG_LEVEL=error node build`,
		url: `http://127.0.0.1:${PORT}/shell`,
		reuseExistingServer: !process.env.CI,
		timeout: 180_000
	}
});
