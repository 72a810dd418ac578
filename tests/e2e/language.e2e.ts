import { expect, test } from './pages/csp';
import { visitOnline } from './pages/app';

test('the interface is Vietnamese by default, switches to English offline, and remembers it', async ({
	context,
	page
}) => {
	await visitOnline(page);
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.getByRole('heading', { name: 'Các cuộc kiểm tra' })).toBeVisible();

	await context.setOffline(true);
	await page.getByRole('button', { name: 'Ngôn ngữ' }).click();
	await expect(page.getByRole('heading', { name: 'Inspections' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');

	await page.reload();
	await expect(page.getByRole('heading', { name: 'Inspections' })).toBeVisible();
	await page.goto('/settings');
	await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
	await page.getByLabel('Tiếng Việt').check();
	await expect(page.getByRole('heading', { name: 'Cài đặt' })).toBeVisible();
});
