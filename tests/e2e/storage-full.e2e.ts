import type { Page } from '@playwright/test';
import { expect, test } from './pages/csp';
import { baseJpeg } from '../fixtures/jpeg';
import { answer, createInspection, device, item, signIn, syncNow, visitOnline } from './pages/app';

/**
 * Makes IndexedDB writes fail the way a full disk does, while a flag is set. '1': every write is
 * refused. 'reserve': a write is refused unless it fits in the room freed since, and deleting the
 * app's sync reserve (src/lib/db/reserve.ts, 2 MiB in `meta`) frees its size.
 */
const fullDisk = () => {
	const mode = () => localStorage.getItem('e2e-disk-full');
	const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
	const reserveBytes = 2 * 1024 * 1024;
	let room = 0;
	const sizeOf = (value: unknown): number => {
		if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
		if (typeof value === 'string') return value.length * 2;
		if (value && typeof value === 'object') {
			return Object.values(value).reduce((sum: number, v) => sum + sizeOf(v), 0);
		}
		return 8;
	};
	const isReserve = (store: IDBObjectStore, key: unknown) =>
		store.name === 'meta' && key === 'reserve';
	const check = (store: IDBObjectStore | null, value: unknown) => {
		const m = mode();
		if (m === '1') throw quota();
		if (m !== 'reserve') return;
		const size = sizeOf(value);
		if (size > room) throw quota();
		if (store && isReserve(store, (value as { key?: unknown } | null)?.key)) room -= size;
	};
	for (const method of ['put', 'add'] as const) {
		const original = IDBObjectStore.prototype[method];
		IDBObjectStore.prototype[method] = function (...args: Parameters<typeof original>) {
			check(this, args[0]);
			return original.apply(this, args);
		};
	}
	const remove = IDBObjectStore.prototype.delete;
	IDBObjectStore.prototype.delete = function (query: IDBValidKey | IDBKeyRange) {
		if (mode() === 'reserve' && isReserve(this, query)) room += reserveBytes;
		return remove.call(this, query);
	};
	const update = IDBCursor.prototype.update;
	IDBCursor.prototype.update = function (value: unknown) {
		check(null, value);
		return update.call(this, value);
	};
};

/** Whether the app holds its sync reserve, read straight from IndexedDB. */
function holdsReserve(page: Page): Promise<boolean> {
	return page.evaluate(
		() =>
			new Promise<boolean>((resolve, reject) => {
				const open = indexedDB.open('kiem-tra');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction('meta').objectStore('meta').count('reserve');
					request.onsuccess = () => {
						open.result.close();
						resolve(request.result === 1);
					};
				};
			})
	);
}

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

test('sync on a full disk says so, loses nothing, and sends everything once space is freed', async ({
	page,
	browser
}) => {
	await page.addInitScript(fullDisk);
	await visitOnline(page);
	await signIn(page, 'thanhvien1');
	await syncNow(page);
	await page.goto('/');
	const id = await createInspection(page);
	await answer(page, 'A1', 'Đạt');
	await answer(page, 'A3', 'Không đạt');

	// Full beyond what the reserve frees: the round cannot even mark the queue as sent.
	await page.evaluate(() => localStorage.setItem('e2e-disk-full', '1'));
	await page.goto('/sync');
	await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	const problem = page.getByTestId('sync-problem');
	await expect(problem).toContainText('Bộ nhớ của máy đã đầy nên chưa đồng bộ được');
	await expect(problem).toContainText('Dữ liệu đã lưu vẫn an toàn trên máy này');
	await expect(problem).toContainText('giải phóng bộ nhớ');
	await expect(problem).not.toContainText('Máy chủ');
	await expect(problem).not.toContainText('mạng');
	await expect(page.getByTestId('sync-waiting')).toContainText('Còn');

	// Nothing typed is lost while the disk stays full.
	await page.goto(`/inspections/${id}`);
	for (const [itemId, name] of [
		['A1', 'Đạt'],
		['A3', 'Không đạt']
	] as const) {
		await expect(item(page, itemId).getByRole('radio', { name, exact: true })).toHaveAttribute(
			'aria-checked',
			'true'
		);
	}

	// Space comes back: one press sends everything, and the status says so.
	await page.evaluate(() => localStorage.removeItem('e2e-disk-full'));
	await syncNow(page);
	await expect(page.getByTestId('sync-problem')).toHaveCount(0);
	await expect.poll(() => holdsReserve(page)).toBe(true);

	const other = await device(browser);
	try {
		await signIn(other.page, 'thanhvien2');
		await syncNow(other.page);
		await other.page.goto(`/inspections/${id}`);
		await expect(
			item(other.page, 'A1').getByRole('radio', { name: 'Đạt', exact: true })
		).toHaveAttribute('aria-checked', 'true');
		await expect(
			item(other.page, 'A3').getByRole('radio', { name: 'Không đạt', exact: true })
		).toHaveAttribute('aria-checked', 'true');
	} finally {
		await other.context.close();
	}
});

test('a device that fills up after syncing still sends everything, on the reserve it kept', async ({
	page,
	browser
}) => {
	await page.addInitScript(fullDisk);
	await visitOnline(page);
	await signIn(page, 'thanhvien1');
	await syncNow(page);
	await expect.poll(() => holdsReserve(page)).toBe(true);
	await page.goto('/');
	const id = await createInspection(page);
	await answer(page, 'A3', 'Không áp dụng');

	await page.evaluate(() => localStorage.setItem('e2e-disk-full', 'reserve'));
	await page.goto('/sync');
	await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(page.getByTestId('sync-waiting')).toHaveText(
		'Mọi thay đổi trên máy đã được gửi lên máy chủ.'
	);
	await expect(page.getByTestId('sync-problem')).toHaveCount(0);
	await expect(page.getByTestId('sync-storage-low')).toContainText('Bộ nhớ của máy gần đầy');

	const other = await device(browser);
	try {
		await signIn(other.page, 'thanhvien2');
		await syncNow(other.page);
		await other.page.goto(`/inspections/${id}`);
		await expect(
			item(other.page, 'A3').getByRole('radio', { name: 'Không áp dụng', exact: true })
		).toHaveAttribute('aria-checked', 'true');
	} finally {
		await other.context.close();
	}
});
