import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, watchCsp } from './pages/csp';
import { visitOnline } from './pages/app';

test('Chromium finds the app installable, with a valid manifest', async ({
	playwright,
	baseURL
}, testInfo) => {
	// Installability is never reported in incognito, which is what a normal test context is.
	const profile = await mkdtemp(join(tmpdir(), 'kiem-tra-profile-'));
	const context = await playwright.chromium.launchPersistentContext(profile, {
		...testInfo.project.use.launchOptions,
		baseURL
	});
	await watchCsp(context);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await visitOnline(page);
		const cdp = await context.newCDPSession(page);
		const manifest = await cdp.send('Page.getAppManifest');
		expect(manifest.errors).toEqual([]);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		expect(installabilityErrors).toEqual([]);
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
});

test('the precache holds the shell, the manifest, the icons and every built script', async ({
	page
}) => {
	await visitOnline(page);
	const cached = await page.evaluate(async () => {
		const urls: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys()) {
				urls.push(new URL(request.url).pathname);
			}
		}
		return urls;
	});
	for (const path of [
		'/shell',
		'/manifest.webmanifest',
		'/icons/icon-192.png',
		'/icons/icon-512.png',
		'/icons/icon-maskable-512.png'
	]) {
		expect(cached).toContain(path);
	}
	// Every script the shell page loads must be there, or a cold offline start breaks.
	const scripts = await page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.map((e) => new URL(e.name).pathname)
			.filter((p) => p.startsWith('/_app/immutable/'))
	);
	expect(scripts.length).toBeGreaterThan(0);
	for (const script of scripts) expect(cached).toContain(script);
	// The photo worker is loaded only when photos are added, perhaps long after going offline.
	expect(
		cached.filter((p) => /^\/_app\/immutable\/workers\/ingest\.worker-[\w-]+\.js$/.test(p))
	).toHaveLength(1);
});

test('the API is never answered from the cache', async ({ context, page }) => {
	await visitOnline(page);
	await context.setOffline(true);
	const status = await page.evaluate(async () => {
		try {
			return (await fetch('/api/health')).status;
		} catch {
			return 'network-error';
		}
	});
	expect(status).toBe('network-error');
});
