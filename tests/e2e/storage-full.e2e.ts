import { expect, test } from './pages/csp';
import { baseJpeg } from '../fixtures/jpeg';
import { answer, createInspection, item, visitOnline } from './pages/app';

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
