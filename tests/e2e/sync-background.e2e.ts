import type { BrowserContext } from '@playwright/test';
import { expect, test, watchCsp } from './pages/csp';
import { baseJpeg } from '../fixtures/jpeg';
import { answer, createInspection, item, signIn, syncNow, visitOnline } from './pages/app';
import { startServer } from './pages/server';

type Pulled = { changes: { entity: string; entityId: string; fields: Record<string, unknown> }[] };

async function serverRows(context: BrowserContext, origin: string): Promise<Pulled['changes']> {
	const response = await context.request.get(`${origin}/api/sync/pull?cursor=0&limit=1000`);
	return ((await response.json()) as Pulled).changes;
}

test('with every tab closed, the service worker sends what was answered offline once the network is back', async ({
	context,
	page,
	baseURL
}) => {
	await visitOnline(page);
	await signIn(page, 'thanhvien1');
	await syncNow(page);
	await page.goto('/');
	const id = await createInspection(page);

	await context.setOffline(true);
	await answer(page, 'A1', 'Không đạt');
	// A round that fails for want of network hands the next attempt to the browser.
	await page.goto('/sync');
	await expect(page.getByRole('alert')).toContainText('Không có mạng');
	await expect
		.poll(() =>
			page.evaluate(async () => {
				const registration = await navigator.serviceWorker.getRegistration();
				const sync = (registration as { sync?: { getTags(): Promise<string[]> } } | undefined)
					?.sync;
				return sync ? await sync.getTags() : [];
			})
		)
		.toContain('kiem-tra-sync');

	// No page of the app is left open: only the service worker can send the answer now.
	const blank = await context.newPage();
	await page.close();
	await context.setOffline(false);
	const cdp = await context.newCDPSession(blank);
	const registrations = new Promise<string>((resolve) => {
		cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: list }) => {
			const ours = list.find((r) => r.scopeURL.startsWith(`${baseURL}/`) && !r.isDeleted);
			if (ours) resolve(ours.registrationId);
		});
	});
	await cdp.send('ServiceWorker.enable');
	await cdp.send('ServiceWorker.dispatchSyncEvent', {
		origin: baseURL as string,
		registrationId: await registrations,
		tag: 'kiem-tra-sync',
		lastChance: false
	});

	await expect
		.poll(async () => {
			const row = (await serverRows(context, baseURL as string)).find(
				(c) => c.entityId === `${id}:A1`
			);
			return (row?.fields['result'] as { value?: string } | undefined)?.value;
		})
		.toBe('fail');
});

test('a server killed in the middle of a photo upload takes the photo once it is back', async ({
	browser
}) => {
	const server = await startServer('restart');
	const context = await browser.newContext({ baseURL: server.origin });
	await watchCsp(context);
	try {
		const page = await context.newPage();
		await visitOnline(page);
		await signIn(page, 'thanhvien2');
		await syncNow(page);
		await page.goto('/');
		await createInspection(page);
		await answer(page, 'A1', 'Đạt');
		const chooser = page.waitForEvent('filechooser');
		await item(page, 'A1').getByRole('button', { name: 'Chọn ảnh có sẵn cho A1' }).click();
		await (
			await chooser
		).setFiles({ name: 'bang.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(baseJpeg()) });
		await expect(page.getByText('Đã lưu 1 ảnh.')).toBeVisible();

		// The first upload reaches the server halfway; then the server process dies.
		let cut = 0;
		await page.route('**/api/photos/*', async (route) => {
			if (route.request().method() !== 'PUT' || cut > 0) return route.continue();
			cut++;
			// While it goes, the sync screen shows which photo and how many bytes of how many.
			const bar = page.getByRole('progressbar', {
				name: /Đang gửi ảnh 1\/1 \(0 B \/ [\d,.]+ K?B\)/
			});
			await expect(bar).toHaveAttribute('value', '0');
			await expect(bar).toHaveAttribute('max', String(route.request().postDataBuffer()?.length));
			const cookie = (await context.cookies(server.origin))
				.map((c) => `${c.name}=${c.value}`)
				.join('; ');
			await server.sendHalf(new URL(route.request().url()).pathname, {
				body: route.request().postDataBuffer() ?? Buffer.alloc(0),
				cookie
			});
			await server.kill();
			await route.abort('connectionreset');
		});
		await page.goto('/sync');
		await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		expect(cut).toBe(1);
		await expect(page.getByTestId('sync-waiting')).toContainText('1 ảnh');

		await server.restart();
		await syncNow(page);
		const photos = server.storedPhotos();
		expect(photos.files).toHaveLength(1);
		expect(photos.partial).toEqual([]);
		expect(photos.files[0]?.matchesName).toBe(true);
	} finally {
		await context.close();
		await server.kill();
	}
});
