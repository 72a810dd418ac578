/**
 * Accessibility: axe-core (WCAG 2.1 A and AA rules) on every screen, in Vietnamese and in
 * English, with no serious or critical violation allowed; and the checklist walked with the
 * keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './pages/csp';
import { fillDraft, fillRequirements, lockForSigning, seal, signEveryone } from './pages/minutes';
import { baseJpeg } from '../fixtures/jpeg';
import {
	answer,
	createInspection,
	fillNewInspection,
	item,
	signIn,
	syncNow,
	visitOnline
} from './pages/app';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) =>
			v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${v.help}`)
		);
}

/**
 * Runs axe on what the page shows now, then again after the header's language button switched
 * it to English (no reload, so an open dialog stays open), then switches back. `english` is text
 * that only the English screen shows, so axe never runs on a half-translated page.
 */
async function audit(page: Page, screen: string, english: Locator): Promise<void> {
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	expect.soft(await violations(page), `${screen} (vi)`).toEqual([]);
	// A modal dialog makes the header inert to the pointer; the button still takes a click.
	const toggle = page.locator('header button.lang');
	await toggle.evaluate((button: HTMLButtonElement) => button.click());
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(english.first()).toBeVisible();
	expect.soft(await violations(page), `${screen} (en)`).toEqual([]);
	await toggle.evaluate((button: HTMLButtonElement) => button.click());
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name });

test('screens with nothing in them yet, signed out, and the public pages pass axe', async ({
	page
}) => {
	test.setTimeout(240_000);
	await visitOnline(page);
	await expect(heading(page, 'Các cuộc kiểm tra')).toBeVisible();
	await audit(page, 'home, empty', heading(page, 'Inspections'));

	await page.goto('/sync');
	await expect(page.getByLabel('Tên đăng nhập')).toBeVisible();
	await audit(page, 'sync, signed out', page.getByLabel('Password'));

	await page.goto('/settings');
	await expect(heading(page, 'Cài đặt')).toBeVisible();
	await audit(page, 'settings', heading(page, 'Settings'));

	await page.goto('/admin');
	await expect(page.getByRole('alert')).toBeVisible();
	await audit(page, 'admin, not signed in', heading(page, 'Administration'));

	await page.goto('/verify');
	await expect(page.getByLabel(/Tệp PDF/)).toBeVisible();
	await audit(page, 'verify', page.getByLabel(/PDF file/));

	await page.goto(`/verify/${crypto.randomUUID()}`);
	await expect(page.getByTestId('verdict')).toBeVisible();
	await audit(
		page,
		'verify, unknown id',
		page.getByTestId('verdict').filter({ hasText: 'Unknown' })
	);

	await page.goto('/no-such-page');
	await audit(page, 'error page', heading(page, 'Not found'));

	await page.goto('/');
	await page
		.getByRole('link', { name: /Tạo cuộc kiểm tra/ })
		.first()
		.click();
	await expect(heading(page, 'Tạo cuộc kiểm tra')).toBeVisible();
	await audit(page, 'new inspection', heading(page, 'New inspection'));

	await page.goto('/');
	const id = await createInspection(page);
	await audit(page, 'checklist, unanswered', page.getByRole('link', { name: 'Checklist' }));
	for (const [path, name, english] of [
		['findings', 'findings, none', /^Findings/],
		['indicators', 'figures, empty', 'Figures'],
		['photos', 'photos, none', /Photo evidence/],
		['summary', 'summary, nothing answered', 'Summary'],
		['minutes', 'minutes, not drafted', 'Minutes']
	] as const) {
		await page.goto(`/inspections/${id}/${path}`);
		await expect(
			page.getByRole('navigation', { name: 'Các phần của cuộc kiểm tra' })
		).toBeVisible();
		await audit(page, name, page.getByRole('link', { name: english, exact: true }));
	}
});

test('an inspection worked through to signed minutes passes axe on every screen it shows', async ({
	page
}) => {
	test.setTimeout(360_000);
	await visitOnline(page);
	await signIn(page, 'truongdoan');
	await audit(page, 'sync, signed in', heading(page, /Signed in as/));
	await syncNow(page);

	await page.goto('/');
	await page
		.getByRole('link', { name: /Tạo cuộc kiểm tra/ })
		.first()
		.click();
	await fillNewInspection(page, { members: ['Lê Văn Cường'] });
	await page.locator('#member-role-1').selectOption('thu-ky');
	await audit(page, 'new inspection, filled in', heading(page, 'New inspection'));
	await page.getByRole('button', { name: 'Tạo và bắt đầu' }).click();
	await page.waitForURL(/\/inspections\/[0-9a-f-]{36}$/);
	const id = new URL(page.url()).pathname.split('/').pop() as string;

	await answer(page, 'A1', 'Đạt');
	await answer(page, 'A3', 'Không áp dụng');
	await answer(page, 'B1', 'Không đạt');
	await page.getByLabel('Mô tả tồn tại, hạn chế').fill('Thiếu 3 TTHC trên bảng niêm yết');
	await audit(
		page,
		'checklist, finding form open',
		page.getByRole('button', { name: 'Save finding' })
	);
	await page.getByRole('button', { name: 'Lưu tồn tại' }).click();
	await page.locator('#value-B2').fill('abc');
	await page.locator('#value-B2').blur();
	await expect(item(page, 'B2').getByRole('alert')).toBeVisible();
	const chooser = page.waitForEvent('filechooser');
	await item(page, 'B1').getByRole('button', { name: 'Chọn ảnh có sẵn cho B1' }).click();
	await (
		await chooser
	).setFiles({ name: 'bang.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(baseJpeg()) });
	await expect(page.getByText('Đã lưu 1 ảnh.')).toBeVisible();
	await audit(
		page,
		'checklist, answered, a photo and an invalid figure',
		page.getByRole('radio', { name: 'Pass' })
	);

	await page
		.getByRole('link', { name: 'Xem ảnh bang.jpg' })
		.or(page.getByRole('button', { name: 'Xem ảnh bang.jpg' }))
		.first()
		.click();
	const viewer = page.getByRole('dialog', { name: 'Xem ảnh' });
	await expect(viewer).toBeVisible();
	await audit(page, 'photo viewer', page.getByRole('dialog', { name: 'Photo viewer' }));
	await viewer.getByRole('button', { name: 'Vẽ chú thích' }).click();
	await expect(viewer.getByLabel('Ảnh đang vẽ chú thích')).toBeVisible();
	await audit(page, 'annotation view', page.getByRole('dialog', { name: 'Photo viewer' }));
	await page.keyboard.press('Escape');
	await page.goto(`/inspections/${id}`);

	await page.getByRole('link', { name: /Tồn tại, hạn chế/ }).click();
	await expect(page.getByText('Thiếu 3 TTHC trên bảng niêm yết')).toBeVisible();
	await audit(page, 'findings, one', page.getByRole('link', { name: /^Findings/ }));

	await page.getByRole('link', { name: 'Số liệu' }).click();
	const firstCount = page.locator('input[id^="count-"]').first();
	await firstCount.fill('12');
	await firstCount.blur();
	await audit(page, 'figures, one entered', heading(page, 'Figures for the inspection period'));

	await page.getByRole('link', { name: /Ảnh minh chứng/ }).click();
	await expect(page.getByRole('region', { name: /^B1\./ })).toBeVisible();
	await audit(page, 'photos, one', page.getByRole('link', { name: /^Photo evidence/ }));

	await page.getByRole('link', { name: 'Tổng hợp' }).click();
	await audit(page, 'summary', page.getByRole('link', { name: 'Summary', exact: true }));

	await page.goto('/');
	await audit(page, 'home, one inspection', heading(page, 'Inspections'));

	await page.goto(`/inspections/${id}/minutes`);
	await page.getByRole('button', { name: 'Lập biên bản' }).click();
	await page.getByRole('button', { name: 'Ký biên bản' }).click();
	await expect(
		page.getByRole('alert').filter({ hasText: 'cần bổ sung trước khi ký' })
	).toBeVisible();
	await audit(
		page,
		'minutes editor, with what signing still needs',
		page.getByRole('button', { name: 'Sign the minutes' })
	);
	await fillDraft(page);
	await fillRequirements(page);
	await lockForSigning(page);
	await audit(page, 'signing panel', page.getByRole('button', { name: /Confirm signature/ }));

	await signEveryone(page);
	await seal(page);
	await audit(page, 'signed view', heading(page, /Signed minutes/));

	await page.getByRole('link', { name: 'Phiếu kiểm tra' }).click();
	await expect(page.getByText('Biên bản đã ký: phiếu kiểm tra chỉ còn xem được.')).toBeVisible();
	await audit(
		page,
		'checklist, read-only after signing',
		page.getByRole('link', { name: 'Checklist' })
	);

	await syncNow(page);
	await page.goto(`/inspections/${id}/minutes`);
	await page.getByRole('link', { name: 'trang xác minh' }).click();
	await expect(page.getByTestId('verdict')).toContainText('Hợp lệ');
	await audit(page, 'verify, valid', page.getByTestId('verdict').filter({ hasText: 'Valid' }));
});

test('the administration screen passes axe: users, delegations, units, assignment', async ({
	page
}) => {
	test.setTimeout(120_000);
	await visitOnline(page);
	await signIn(page, 'admin');
	await page.goto('/admin');
	await expect(page.getByRole('region', { name: 'Người dùng' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Giao cuộc kiểm tra' })).toBeVisible();
	await audit(page, 'admin', page.getByRole('region', { name: 'Users' }));
	await page
		.getByRole('button', { name: /^Khóa tài khoản / })
		.first()
		.click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await audit(page, 'admin, confirmation dialog', page.getByRole('region', { name: 'Users' }));
});

type Stop = { reached: boolean; same: boolean; ring: boolean; what: string };

/**
 * Presses `key` until `target` has focus. Every stop must show a focus ring (an outline or a box
 * shadow from the focus styles), and focus must move on: a date box takes a Tab per part (day,
 * month, year, its calendar button), so only more presses than that on one element count as
 * trapped.
 */
async function pressUntil(page: Page, key: string, target: Locator, most = 150): Promise<void> {
	const handle = await target.elementHandle();
	let stuck = 0;
	for (let i = 0; i < most; i++) {
		await page.keyboard.press(key);
		const stop: Stop = await page.evaluate((wanted) => {
			const el = document.activeElement as HTMLElement | null;
			const memory = window as unknown as { lastFocus?: Element | null };
			const same = memory.lastFocus === el;
			memory.lastFocus = el;
			const style = el ? getComputedStyle(el) : null;
			// Past its day, month and year a date box focuses its own calendar button, inside the
			// browser's shadow tree: the box then no longer matches :focus, and the button's ring
			// (app.css) cannot be read from a script.
			const calendarButton = el?.matches('input[type="date"]:not(:focus)') ?? false;
			const ring =
				calendarButton ||
				(style !== null &&
					((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
						style.boxShadow !== 'none'));
			const what = el ? `${el.tagName} ${el.id} ${el.textContent?.trim().slice(0, 40)}` : 'none';
			return { reached: el === wanted, same, ring, what };
		}, handle);
		stuck = stop.same ? stuck + 1 : 0;
		expect(stuck, `${key} keeps focus on ${stop.what}`).toBeLessThan(4);
		expect(stop.ring, `no focus ring on ${stop.what}`).toBe(true);
		if (stop.reached) return;
	}
	throw new Error(`${key} pressed ${most} times never reached the target`);
}

test('the checklist can be walked and answered with the keyboard alone, with focus always visible', async ({
	page
}) => {
	test.setTimeout(180_000);
	await visitOnline(page);
	const id = await createInspection(page);
	await page.goto('/');
	await pressUntil(page, 'Tab', page.locator(`a[href="/inspections/${id}"]`).first());
	await page.keyboard.press('Enter');
	await page.waitForURL(`**/inspections/${id}`);

	const radio = (itemId: string, name: string) =>
		item(page, itemId).getByRole('radio', { name, exact: true });
	await pressUntil(page, 'Tab', radio('B1', 'Đạt'));
	await page.keyboard.press('Space');
	await expect(radio('B1', 'Đạt')).toHaveAttribute('aria-checked', 'true');

	await pressUntil(page, 'Tab', radio('B2', 'Đạt'));
	await pressUntil(page, 'ArrowRight', radio('B2', 'Không đạt'));
	await page.keyboard.press('Enter');
	await expect(radio('B2', 'Không đạt')).toHaveAttribute('aria-checked', 'true');
	await pressUntil(page, 'Tab', page.locator('#value-B2'));
	await page.keyboard.type('12');
	await pressUntil(page, 'Tab', item(page, 'B2').getByRole('button', { name: /Thêm ghi chú/ }));
	await page.keyboard.press('Enter');
	await expect(page.locator('#note-B2')).toBeFocused();
	await page.keyboard.type('Bảng niêm yết thiếu 3 TTHC');

	await pressUntil(page, 'Tab', radio('B3', 'Đạt'));
	await pressUntil(page, 'ArrowRight', radio('B3', 'Không áp dụng'), 2);
	await page.keyboard.press('Space');
	await expect(radio('B3', 'Không áp dụng')).toHaveAttribute('aria-checked', 'true');
	await expect(page.getByRole('status').first()).toContainText('Đã lưu');

	// Back to the top of the page through the finding form the failed item opened.
	await pressUntil(page, 'Shift+Tab', page.getByRole('link', { name: 'Kiểm tra', exact: true }));

	await page.reload();
	await expect(radio('B1', 'Đạt')).toHaveAttribute('aria-checked', 'true');
	await expect(radio('B2', 'Không đạt')).toHaveAttribute('aria-checked', 'true');
	await expect(radio('B3', 'Không áp dụng')).toHaveAttribute('aria-checked', 'true');
	await expect(page.locator('#value-B2')).toHaveValue('12');
	await expect(page.locator('#note-B2')).toHaveValue('Bảng niêm yết thiếu 3 TTHC');
});
