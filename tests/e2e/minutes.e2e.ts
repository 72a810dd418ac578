import { expect, test } from './pages/csp';
import {
	drawSignature,
	fillDraft,
	fillRequirements,
	fillSignerName,
	lockForSigning,
	seal,
	signers
} from './pages/minutes';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { baseJpeg } from '../fixtures/jpeg';
import { readStore } from './pages/device-db';
import { answer, fillNewInspection, item, signIn, syncNow, visitOnline } from './pages/app';

test('minutes drafted, edited, signed by two, refused by one and sealed offline; the PDF is real text; verification says valid, an altered copy says altered', async ({
	page,
	context
}) => {
	test.setTimeout(120_000);
	await visitOnline(page);
	await signIn(page, 'truongdoan');
	await syncNow(page);
	await page.goto('/');
	await context.setOffline(true);
	await page
		.getByRole('link', { name: /Tạo cuộc kiểm tra/ })
		.first()
		.click();
	await fillNewInspection(page, { members: ['Lê Văn Cường'] });
	await page.locator('#member-role-1').selectOption('thu-ky');
	await page.getByRole('button', { name: 'Tạo và bắt đầu' }).click();
	await page.waitForURL(/\/inspections\/[0-9a-f-]{36}$/);
	const id = new URL(page.url()).pathname.split('/').pop() as string;
	await answer(page, 'A1', 'Đạt');
	await answer(page, 'B1', 'Không đạt');
	const chooser = page.waitForEvent('filechooser');
	await item(page, 'B1').getByRole('button', { name: 'Chọn ảnh có sẵn cho B1' }).click();
	await (
		await chooser
	).setFiles({ name: 'bang.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(baseJpeg()) });
	await expect(page.getByText('Đã lưu 1 ảnh.')).toBeVisible();

	await page.getByRole('link', { name: 'Biên bản' }).click();
	await page.getByRole('button', { name: 'Lập biên bản' }).click();
	// Signing is blocked until what the minutes need is there, all listed at once.
	await page.getByRole('button', { name: 'Ký biên bản' }).click();
	const issues = page.getByRole('alert').filter({ hasText: 'cần bổ sung trước khi ký' });
	await expect(issues).toContainText('đại diện đơn vị được kiểm tra');
	await expect(issues).toContainText('giờ kết thúc');

	await page.getByLabel('Ghi địa danh, ngày tháng dưới tiêu ngữ').check();
	await expect(page.getByLabel('Địa danh', { exact: true })).toHaveValue('Phường Bạch Đằng');
	const said = 'Đơn vị thống nhất với kết quả kiểm tra và sẽ niêm yết lại bộ TTHC.';
	await fillDraft(page, said);
	const comments = page.getByLabel('Ý kiến của đơn vị được kiểm tra (mỗi dòng một đoạn)');
	// Saved while typing, not only on leaving the box: a moment later the draft in IndexedDB has
	// it, and a reload shows it. Only this inspection's minutes: a sync may have brought others.
	await expect
		.poll(async () =>
			(
				await readStore<{ inspectionId: string; content: { unitComments: string[] } }>(
					page,
					'minutes'
				)
			)
				.filter((m) => m.inspectionId === id)
				.flatMap((m) => m.content.unitComments)
		)
		.toEqual([said]);
	await page.reload();
	await expect(comments).toHaveValue(said);
	await expect(page.getByLabel('Họ và tên đại diện 1')).toHaveValue('Trần Văn Minh');
	await fillRequirements(page);
	await lockForSigning(page);

	// Everyone in turn: the last signer refuses, with a reason; the others sign on the screen.
	const list = signers(page);
	const count = await list.count();
	// The unit's representative, the head and the secretary.
	expect(count).toBe(3);
	for (let i = 0; i < count; i++) {
		await fillSignerName(page, i);
		if (i === count - 1) {
			await page.getByRole('button', { name: 'Từ chối ký' }).click();
			await page.getByRole('button', { name: 'Ghi nhận từ chối ký' }).click();
			await expect(page.getByRole('alert')).toContainText('Hãy ghi lý do từ chối ký');
			await page.getByLabel('Lý do từ chối ký').fill('Chưa thống nhất mục tồn tại B1');
			await page.getByRole('button', { name: 'Ghi nhận từ chối ký' }).click();
		} else {
			await expect(page.getByRole('button', { name: 'Xác nhận chữ ký' })).toBeDisabled();
			await drawSignature(page);
			await page.getByRole('button', { name: 'Xác nhận chữ ký' }).click();
		}
		await expect(list.nth(i)).toContainText(i === count - 1 ? 'từ chối ký' : 'đã ký');
	}
	await seal(page);
	const hash = (await page.getByTestId('seal-hash').textContent())?.trim() ?? '';
	expect(hash).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Tải biên bản (PDF)' }).click();
	const pdfPath = (await (await download).path()) as string;
	const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString('utf8');
	expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	expect(text).toContain('BIÊN BẢN KIỂM TRA');
	// Paragraphs wrap: compare with the line breaks folded into spaces.
	const flat = text.replace(/\s+/g, ' ');
	expect(flat).toContain('Đơn vị thống nhất với kết quả kiểm tra và sẽ niêm yết lại bộ TTHC.');
	expect(flat).toContain('không ký biên bản. Lý do: Chưa thống nhất mục tồn tại B1');
	expect(flat).toContain(hash);
	expect(flat).toContain('Phường Bạch Đằng, ngày');

	// Nothing can change any more: the checklist is read-only.
	await page.getByRole('link', { name: 'Phiếu kiểm tra' }).click();
	await expect(page.getByText('Biên bản đã ký: phiếu kiểm tra chỉ còn xem được.')).toBeVisible();
	await expect(
		item(page, 'A1').getByRole('radio', { name: 'Không đạt', exact: true })
	).toBeDisabled();

	// Online, but the server does not take the PDF this time (404, as when its minutes have not
	// arrived): everything else goes, the PDF is still shown as waiting, and signing out, which
	// empties the device, refuses.
	await context.setOffline(false);
	const pdfPut = '**/api/minutes/*/pdf';
	await page.route(pdfPut, (route) =>
		route.request().method() === 'PUT'
			? route.fulfill({
					status: 404,
					contentType: 'application/json',
					body: JSON.stringify({ error: 'not-found', message: 'Chưa có biên bản này.' })
				})
			: route.fallback()
	);
	await page.goto('/sync');
	await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
	await expect(page.getByTestId('sync-waiting')).toHaveText(
		'Còn 0 thay đổi và 0 ảnh chưa gửi · 1 bản PDF biên bản đã ký chưa gửi'
	);
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page.getByRole('alert')).toContainText('Chưa thể đăng xuất: còn 1 thay đổi');
	await page.unroute(pdfPut);

	// Then the minutes and their PDF are on the server, which says the seal holds.
	await syncNow(page);
	await page.goto(`/inspections/${id}/minutes`);
	await page.getByRole('link', { name: 'trang xác minh' }).click();
	await expect(page.getByTestId('verdict')).toContainText('Hợp lệ');

	// One changed byte in the file: the verification page says it was altered.
	const bytes = readFileSync(pdfPath);
	const at = bytes.indexOf('BT') + 40;
	bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
	const altered = test.info().outputPath('altered.pdf');
	writeFileSync(altered, bytes);
	await page.goto('/verify');
	await page.getByLabel(/Tệp PDF/).setInputFiles(altered);
	await page.getByRole('button', { name: /Kiểm tra/ }).click();
	await expect(page.getByTestId('verdict')).toContainText('Đã bị sửa đổi');
});
