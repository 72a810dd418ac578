import { expect, test } from '@playwright/test';
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
