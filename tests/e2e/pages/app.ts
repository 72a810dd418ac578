import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { watchCsp } from './csp';

/** First visit while online: waits until the service worker controls the page (shell precached). */
export async function visitOnline(page: Page, path = '/'): Promise<void> {
	await page.goto(path);
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
		timeout: 30_000
	});
}

export type NewInspection = { unit?: string; head?: string; members?: string[] };

export async function createInspection(page: Page, input: NewInspection = {}): Promise<string> {
	await page
		.getByRole('link', { name: /Tạo cuộc kiểm tra/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { name: 'Tạo cuộc kiểm tra' })).toBeVisible();
	await fillNewInspection(page, input);
	await page.getByRole('button', { name: 'Tạo và bắt đầu' }).click();
	await page.waitForURL(/\/inspections\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname.split('/').pop() as string;
}

export async function fillNewInspection(page: Page, input: NewInspection = {}): Promise<void> {
	const unit = page.getByLabel('Đơn vị được kiểm tra');
	await expect(unit.locator('option')).not.toHaveCount(1);
	await unit.selectOption({ label: input.unit ?? 'UBND phường Bạch Đằng (dữ liệu mẫu)' });
	await page.getByLabel('Họ và tên thành viên 1').fill(input.head ?? 'Nguyễn Thị Hằng');
	for (const [i, name] of (input.members ?? []).entries()) {
		await page.getByRole('button', { name: 'Thêm thành viên' }).click();
		await page.getByLabel(`Họ và tên thành viên ${i + 2}`).fill(name);
	}
}

export function item(page: Page, itemId: string) {
	return page.locator(`#item-${itemId}`);
}

export async function answer(
	page: Page,
	itemId: string,
	result: 'Đạt' | 'Không đạt' | 'Không áp dụng'
) {
	const radio = item(page, itemId).getByRole('radio', { name: result, exact: true });
	await radio.click();
	await expect(radio).toHaveAttribute('aria-checked', 'true');
	await expect(page.getByRole('status').first()).toContainText('Đã lưu');
}

/** The demo accounts' passwords (seed.ts). */
export const PASSWORD = (login: string) => `demo-${login}-2025`;

/** A separate browser profile: its own storage, cookies and service worker, like another phone. */
export async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
	await watchCsp(context);
	const page = await context.newPage();
	await visitOnline(page);
	return { context, page };
}

export async function signIn(page: Page, login: string) {
	await page.goto('/sync');
	await page.getByLabel('Tên đăng nhập').fill(login);
	await page.getByLabel('Mật khẩu').fill(PASSWORD(login));
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('heading', { name: /Đang đăng nhập:/ })).toBeVisible();
}

/** "Đồng bộ ngay" until the device says nothing is waiting. */
export async function syncNow(page: Page) {
	await page.goto('/sync');
	await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(page.getByTestId('sync-waiting')).toHaveText(
		'Mọi thay đổi trên máy đã được gửi lên máy chủ.'
	);
	await expect(page.getByTestId('sync-last')).toContainText('Đã đồng bộ lúc');
	await expect(page.getByRole('button', { name: 'Đồng bộ ngay' })).toBeEnabled();
	await expect(page.getByRole('alert')).toHaveCount(0);
}
