import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const E2E_DATA_DIR = 'test-results/server-data';

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	workers: 1,
	fullyParallel: false,
	forbidOnly: true,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		serviceWorkers: 'allow',
		acceptDownloads: true,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			// This machine has no network beyond loopback: keep Chromium from dialling out.
			args: [
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Pixel 7'], defaultBrowserType: 'chromium' } }],
	webServer: {
		// A fresh server database per run, so e2e runs never see each other's accounts or data.
		command: `rm -rf ${E2E_DATA_DIR} && npx vite build && PORT=${PORT} HOST=127.0.0.1 ORIGIN=http://127.0.0.1:${PORT} DATA_DIR=${E2E_DATA_DIR} BODY_SIZE_LIMIT=64M node build`,
		url: `http://127.0.0.1:${PORT}/shell`,
		reuseExistingServer: !process.env.CI,
		timeout: 180_000
	}
});
