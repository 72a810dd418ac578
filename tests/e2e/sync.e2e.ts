import type { Page } from '@playwright/test';
import { expect, test } from './pages/csp';
import { baseJpeg } from '../fixtures/jpeg';
import {
	PASSWORD,
	answer,
	createInspection,
	device,
	item,
	signIn,
	syncNow,
	visitOnline
} from './pages/app';

function result(page: Page, itemId: string, name: 'Đạt' | 'Không đạt') {
	return item(page, itemId).getByRole('radio', { name, exact: true });
}

test('two members offline on one inspection converge, and the clash on one item is kept for the lead', async ({
	browser
}) => {
	const a = await device(browser);
	const b = await device(browser);
	try {
		await signIn(a.page, 'thanhvien1');
		await a.page.goto('/');
		const id = await createInspection(a.page);
		await answer(a.page, 'A1', 'Đạt');
		const chooser = a.page.waitForEvent('filechooser');
		await item(a.page, 'A1').getByRole('button', { name: 'Chọn ảnh có sẵn cho A1' }).click();
		await (
			await chooser
		).setFiles({
			name: 'bang-niem-yet.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from(baseJpeg())
		});
		await expect(a.page.getByText('Đã lưu 1 ảnh.')).toBeVisible();
		await syncNow(a.page);

		// The second member's device receives the inspection, its checklist and the answer.
		await signIn(b.page, 'thanhvien2');
		await syncNow(b.page);
		await b.page.goto(`/inspections/${id}`);
		await expect(result(b.page, 'A1', 'Đạt')).toHaveAttribute('aria-checked', 'true');
		// The photo came too: its bytes by their hash, after the metadata.
		const photo = item(b.page, 'A1').getByRole('img');
		await expect(photo).toHaveCount(1);
		await expect
			.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth))
			.toBe(64);

		// Both go offline, each answers its own section, and both answer A3 differently.
		await a.context.setOffline(true);
		await b.context.setOffline(true);
		await a.page.goto(`/inspections/${id}`);
		await answer(a.page, 'B1', 'Đạt');
		await answer(a.page, 'A3', 'Đạt');
		await answer(b.page, 'D2', 'Không đạt');
		await answer(b.page, 'A3', 'Không đạt');

		await a.context.setOffline(false);
		await b.context.setOffline(false);
		await syncNow(a.page);
		await syncNow(b.page);
		await syncNow(a.page);

		// Coming back online starts both devices' sync at once: whichever push the server took
		// last decides A3 (server order), and both devices must end with that same value.
		const checked = async (page: Page) =>
			(await result(page, 'A3', 'Đạt').getAttribute('aria-checked')) === 'true'
				? 'Đạt'
				: 'Không đạt';
		for (const page of [a.page, b.page]) {
			await page.goto(`/inspections/${id}`);
			await expect(result(page, 'B1', 'Đạt')).toHaveAttribute('aria-checked', 'true');
			await expect(result(page, 'D2', 'Không đạt')).toHaveAttribute('aria-checked', 'true');
		}
		const winner = await checked(a.page);
		await expect(result(b.page, 'A3', winner)).toHaveAttribute('aria-checked', 'true');

		const lead = await device(browser);
		try {
			await signIn(lead.page, 'truongdoan');
			await syncNow(lead.page);
			await lead.page.goto(`/inspections/${id}`);
			const notice = lead.page.getByRole('alert').filter({ hasText: '1 xung đột' });
			await expect(notice).toContainText('Nội dung A3');
			await expect(notice).toContainText('“Đạt”');
			await expect(notice).toContainText('“Không đạt”');
			await expect(notice).toContainText(`Giá trị hiện tại: “${winner}”`);
			await expect(result(lead.page, 'A3', winner)).toHaveAttribute('aria-checked', 'true');

			// The head settles it: the other value is kept, and the conflict closes everywhere.
			const other = winner === 'Đạt' ? 'Không đạt' : 'Đạt';
			await notice.getByRole('button', { name: `Giữ “${other}”` }).click();
			await expect(notice).toHaveCount(0);
			await expect(result(lead.page, 'A3', other)).toHaveAttribute('aria-checked', 'true');
			await syncNow(a.page);
			await a.page.goto(`/inspections/${id}`);
			await expect(result(a.page, 'A3', other)).toHaveAttribute('aria-checked', 'true');
			await expect(a.page.getByRole('alert').filter({ hasText: 'xung đột' })).toHaveCount(0);
		} finally {
			await lead.context.close();
		}
	} finally {
		await a.context.close();
		await b.context.close();
	}
});

test('signing out of a shared device refuses while anything is unsent, then leaves the device empty', async ({
	page
}) => {
	await visitOnline(page);
	await signIn(page, 'thuky');
	await syncNow(page);
	await page.context().setOffline(true);
	await page.goto('/');
	const id = await createInspection(page);
	await answer(page, 'A1', 'Không đạt');
	await page.goto('/sync');
	await expect(page.getByTestId('sync-waiting')).toContainText('Còn 2 thay đổi');
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Chưa thể đăng xuất' })).toBeVisible();
	await expect(page.getByRole('dialog', { name: 'Đăng xuất khỏi máy này?' })).toHaveCount(0);

	await page.context().setOffline(false);
	await syncNow(page);
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	const confirm = page.getByRole('dialog', { name: 'Đăng xuất khỏi máy này?' });
	await confirm.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page.getByText('Chưa có cuộc kiểm tra nào trên máy này')).toBeVisible();
	await page.goto('/sync');
	await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible();

	// What was sent is on the server: signing in again brings it back.
	await signIn(page, 'thuky');
	await syncNow(page);
	await page.goto(`/inspections/${id}`);
	await expect(
		item(page, 'A1').getByRole('radio', { name: 'Không đạt', exact: true })
	).toHaveAttribute('aria-checked', 'true');
});

test('a push whose answer is lost after the server committed is sent again and applied once', async ({
	page
}) => {
	await visitOnline(page);
	await signIn(page, 'thanhvien1');
	await syncNow(page);
	await page.goto('/');
	const id = await createInspection(page);
	await answer(page, 'A1', 'Đạt');
	await item(page, 'A1').getByRole('button', { name: 'Thêm ghi chú' }).click();
	await item(page, 'A1').getByLabel('Ghi chú').fill('Niêm yết đủ 125 TTHC');
	await item(page, 'A1').getByLabel('Ghi chú').blur();
	await expect(page.getByRole('status').first()).toContainText('Đã lưu');

	// The server takes the first push, but its answer never reaches the device.
	let dropped = 0;
	await page.route('**/api/sync/push', async (route) => {
		if (dropped > 0) return route.continue();
		dropped++;
		await route.fetch();
		await route.abort('connectionreset');
	});
	const a1Versions = async () => {
		const response = await page.request.get('/api/sync/pull?cursor=0&limit=1000');
		const { changes } = (await response.json()) as {
			changes: { entityId: string; fields: Record<string, { version: number }> }[];
		};
		const rows = changes.filter((c) => c.entityId === `${id}:A1`);
		return rows.map((r) => Object.values(r.fields).map((f) => f.version));
	};
	// Opening the sync screen starts a round: its push lands, its answer is lost.
	await page.goto('/sync');
	await expect(page.getByRole('alert')).toContainText('Không có mạng');
	expect(dropped).toBe(1);
	const afterFirst = await a1Versions();
	expect(afterFirst).toHaveLength(1);

	// The retry carries the same mutation ids: acknowledged, and nothing written a second time.
	await syncNow(page);
	expect(await a1Versions()).toEqual(afterFirst);
	await page.goto(`/inspections/${id}`);
	await expect(item(page, 'A1').getByLabel('Ghi chú')).toHaveValue('Niêm yết đủ 125 TTHC');
});

test('an expired session asks to sign in again and loses nothing', async ({ page }) => {
	await visitOnline(page);
	await signIn(page, 'thanhvien2');
	await syncNow(page);
	await page.goto('/');
	const id = await createInspection(page);
	await answer(page, 'C1', 'Đạt');

	// The session ends on the server (expired, or revoked) while the device still holds data.
	await page.context().clearCookies();
	await page.goto('/sync');
	await expect(page.getByRole('alert')).toContainText('Phiên đăng nhập đã hết hạn');
	await expect(page.getByTestId('sync-waiting')).toContainText('Còn 2 thay đổi');

	await page.getByLabel('Tên đăng nhập').fill('thanhvien2');
	await page.getByLabel('Mật khẩu').fill(PASSWORD('thanhvien2'));
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByTestId('sync-waiting')).toHaveText(
		'Mọi thay đổi trên máy đã được gửi lên máy chủ.'
	);
	const pulled = await page.request.get('/api/sync/pull?cursor=0&limit=1000');
	const { changes } = (await pulled.json()) as { changes: { entityId: string }[] };
	expect(changes.some((c) => c.entityId === `${id}:C1`)).toBe(true);
});
