import { expect, test } from './pages/csp';
import { baseJpeg } from '../fixtures/jpeg';
import { answer, createInspection, item, signIn, syncNow, visitOnline } from './pages/app';

// Makes every IndexedDB write fail the way a full disk does, while a flag is set.
const fullDisk = () => {
	const fail = () => localStorage.getItem('e2e-disk-full') === '1';
	const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
	for (const method of ['put', 'add'] as const) {
		const original = IDBObjectStore.prototype[method];
		IDBObjectStore.prototype[method] = function (...args: Parameters<typeof original>) {
			if (fail()) throw quota();
			return original.apply(this, args);
		};
	}
	const update = IDBCursor.prototype.update;
	IDBCursor.prototype.update = function (value: unknown) {
		if (fail()) throw quota();
		return update.call(this, value);
	};
};

test('a full disk gets a clear message, keeps what was typed and writes nothing', async ({
	page
}) => {
	await page.addInitScript(fullDisk);
	await visitOnline(page);
	const id = await createInspection(page);
	await answer(page, 'A1', 'Đạt');

	await page.evaluate(() => localStorage.setItem('e2e-disk-full', '1'));
	const a3 = item(page, 'A3');
	await a3.getByRole('button', { name: 'Thêm ghi chú' }).click();
	await a3.getByLabel('Ghi chú').fill('Chưa có quyết định phân công đầu mối');
	await a3.getByLabel('Ghi chú').blur();
	await expect(a3.getByText(/Bộ nhớ của máy đã đầy/)).toBeVisible();
	await expect(a3.getByLabel('Ghi chú')).toHaveValue('Chưa có quyết định phân công đầu mối');

	await a3.getByRole('radio', { name: 'Không áp dụng', exact: true }).click();
	await expect(page.getByRole('status').first()).toContainText('Bộ nhớ của máy đã đầy');
	await expect(a3.getByRole('radio', { name: 'Không áp dụng', exact: true })).toHaveAttribute(
		'aria-checked',
		'false'
	);

	// Nothing partial: after the disk frees up, only what was saved before is there.
	await page.evaluate(() => localStorage.removeItem('e2e-disk-full'));
	await page.goto(`/inspections/${id}`);
	await expect(item(page, 'A1').getByRole('radio', { name: 'Đạt', exact: true })).toHaveAttribute(
		'aria-checked',
		'true'
	);
	await expect(item(page, 'A3').getByLabel('Ghi chú')).toHaveCount(0);
	await answer(page, 'A3', 'Không áp dụng');
});

test('a photo that meets a full disk is named, and leaves no half-written rows', async ({
	page
}) => {
	await page.addInitScript(fullDisk);
	await visitOnline(page);
	await createInspection(page);
	await page.evaluate(() => localStorage.setItem('e2e-disk-full', '1'));

	const chooser = page.waitForEvent('filechooser');
	await item(page, 'A1').getByRole('button', { name: 'Chụp ảnh cho A1' }).click();
	await (
		await chooser
	).setFiles({
		name: 'bang-niem-yet.jpg',
		mimeType: 'image/jpeg',
		buffer: Buffer.from(baseJpeg())
	});
	await expect(page.getByRole('alert').filter({ hasText: 'bang-niem-yet.jpg' })).toContainText(
		'“bang-niem-yet.jpg” chưa được lưu vì bộ nhớ của máy đã đầy'
	);

	await page.evaluate(() => localStorage.removeItem('e2e-disk-full'));
	const rows = await page.evaluate(
		() =>
			new Promise<number[]>((resolve) => {
				const open = indexedDB.open('kiem-tra');
				open.onsuccess = () => {
					const tx = open.result.transaction(['photos', 'photoBytes', 'queue']);
					const counts: number[] = [];
					for (const name of ['photos', 'photoBytes'] as const) {
						tx.objectStore(name).count().onsuccess = (e) =>
							counts.push((e.target as IDBRequest<number>).result);
					}
					tx.objectStore('queue').getAll().onsuccess = (e) =>
						counts.push(
							(e.target as IDBRequest<{ entity: string }[]>).result.filter(
								(q) => q.entity === 'photo'
							).length
						);
					tx.oncomplete = () => resolve(counts);
				};
			})
	);
	expect(rows).toEqual([0, 0, 0]);
	await expect(item(page, 'A1').getByRole('img')).toHaveCount(0);
});

test('a device at its real quota keeps every saved photo and answer, says what to do, and sends them all once space is freed', async ({
	page,
	context
}) => {
	// Photos are shrunk one by one until the quota refuses one: slower than most tests.
	test.setTimeout(180_000);
	await visitOnline(page);
	await signIn(page, 'thanhvien2');
	await syncNow(page);
	await page.goto('/');
	const id = await createInspection(page);
	await answer(page, 'A1', 'Đạt');
	await answer(page, 'A2', 'Không đạt');

	// A photo of noise does not shrink: each copy takes the same large share of the quota.
	const noisy = Buffer.from(
		await page.evaluate(async () => {
			const canvas = new OffscreenCanvas(900, 900);
			const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
			const image = g.createImageData(900, 900);
			crypto.getRandomValues(image.data.subarray(0, 65_536));
			for (let i = 65_536; i < image.data.length; i += 65_536) {
				image.data.copyWithin(i, (i * 7919) % 65_536, 65_536);
			}
			for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
			g.putImageData(image, 0, 0);
			const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
			const bytes = new Uint8Array(await blob.arrayBuffer());
			let binary = '';
			for (const byte of bytes) binary += String.fromCharCode(byte);
			return btoa(binary);
		}),
		'base64'
	);
	const addPhoto = async (name: string) => {
		const chooser = page.waitForEvent('filechooser');
		await item(page, 'A1').getByRole('button', { name: 'Chọn ảnh có sẵn cho A1' }).click();
		await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer: noisy });
		await expect(
			page.getByText('Đã lưu 1 ảnh.').or(page.getByRole('alert').filter({ hasText: name }))
		).toBeVisible();
		return page.getByText('Đã lưu 1 ảnh.').isVisible();
	};
	expect(await addPhoto('truoc-khi-day.jpg')).toBe(true);

	// The browser now allows this origin only a little more than it already uses.
	const cdp = await context.newCDPSession(page);
	const origin = new URL(page.url()).origin;
	const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: used + 1_500_000 });
	const saved = ['truoc-khi-day.jpg'];
	let refused: string | null = null;
	for (let n = 2; n <= 20 && !refused; n++) {
		const name = `anh-${n}.jpg`;
		if (await addPhoto(name)) saved.push(name);
		else refused = name;
	}
	expect(refused, 'the quota was reached').not.toBeNull();
	// The person is told which photo was not kept and what to do about it.
	await expect(page.getByRole('alert').filter({ hasText: refused as string })).toContainText(
		'chưa được lưu vì bộ nhớ của máy đã đầy. Hãy giải phóng bộ nhớ rồi thêm lại.'
	);

	// Everything acknowledged before is still on the device, bytes included, and nothing else.
	const held = await page.evaluate(
		(inspectionId) =>
			new Promise<{ names: string[]; full: number; results: string[] }>((resolve) => {
				const open = indexedDB.open('kiem-tra');
				open.onsuccess = () => {
					const tx = open.result.transaction(['photos', 'photoBytes', 'answerFields']);
					const out = { names: [] as string[], full: 0, results: [] as string[] };
					tx.objectStore('photos').getAll().onsuccess = (e) =>
						(out.names = (e.target as IDBRequest<{ fileName: string }[]>).result.map(
							(p) => p.fileName
						));
					tx.objectStore('photoBytes').getAllKeys().onsuccess = (e) =>
						(out.full = (e.target as IDBRequest<string[]>).result.filter((k) =>
							k.endsWith(':full')
						).length);
					tx.objectStore('answerFields').getAll().onsuccess = (e) =>
						(out.results = (
							e.target as IDBRequest<{ inspectionId: string; itemId: string; value: string }[]>
						).result
							.filter((f) => f.inspectionId === inspectionId)
							.map((f) => `${f.itemId}=${f.value}`));
					tx.oncomplete = () => resolve(out);
				};
			}),
		id
	);
	expect(held.names.sort()).toEqual([...saved].sort());
	expect(held.full).toBe(saved.length);
	expect(held.results.sort()).toEqual(['A1=pass', 'A2=fail']);

	// Once space is freed, as the message asks, the device sends all of it to the server, once.
	await cdp.send('Storage.overrideQuotaForOrigin', { origin });
	await page.goto('/sync');
	await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(page.getByTestId('sync-waiting')).toHaveText(
		'Mọi thay đổi trên máy đã được gửi lên máy chủ.',
		{ timeout: 60_000 }
	);
	await expect(page.getByRole('alert')).toHaveCount(0);
	const pulled = await page.request.get('/api/sync/pull?cursor=0&limit=1000');
	const { changes } = (await pulled.json()) as {
		changes: { entity: string; inspectionId: string; fields: Record<string, { value: unknown }> }[];
	};
	const onServer = changes.filter((c) => c.entity === 'photo' && c.inspectionId === id);
	expect(onServer.map((c) => c.fields['fileName']?.value).sort()).toEqual([...saved].sort());
	for (const photo of onServer) {
		const head = await page.request.head(`/api/photos/${photo.fields['sha256']?.value as string}`);
		expect(head.ok()).toBe(true);
	}
});
