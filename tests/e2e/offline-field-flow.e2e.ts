import { expect, test } from './pages/csp';
import { answer, createInspection, item, visitOnline } from './pages/app';

test('a whole inspection works offline after one online visit and survives closing the page', async ({
	context,
	page
}) => {
	await visitOnline(page);
	await context.setOffline(true);

	// A deep link never visited before opens from the precached shell.
	await page.goto('/inspections/new');
	await expect(page.getByRole('heading', { name: 'Tạo cuộc kiểm tra' })).toBeVisible();
	await expect(page.getByText('Ngoại tuyến')).toBeVisible();
	await page.goto('/');
	const id = await createInspection(page, { members: ['Trần Văn Bình'] });

	const passes = ['A1', 'A3', 'B1', 'B4', 'B5', 'C1', 'C3', 'D2', 'D4', 'E6'];
	for (const itemId of passes) await answer(page, itemId, 'Đạt');
	await answer(page, 'C4', 'Không áp dụng');

	// A failed item opens a finding pre-filled with the legal basis in force on the visit date.
	await answer(page, 'B2', 'Không đạt');
	const finding = item(page, 'B2').getByRole('form', { name: 'Tồn tại, hạn chế' });
	await expect(finding.getByLabel('Căn cứ pháp lý')).toHaveValue(/NĐ 63\/2010/);
	await finding
		.getByLabel(/Mô tả tồn tại/)
		.fill('Còn niêm yết 3 TTHC lĩnh vực hộ tịch đã bị bãi bỏ');
	await finding
		.getByLabel('Yêu cầu khắc phục')
		.fill('Gỡ bỏ và cập nhật bộ TTHC theo QĐ công bố mới');
	await finding.getByRole('button', { name: 'Lưu tồn tại' }).click();
	await expect(item(page, 'B2').getByText('Còn niêm yết 3 TTHC')).toBeVisible();

	// The item's own number, and a note with markup that must stay text.
	await item(page, 'B2')
		.getByLabel(/Số TTHC/)
		.fill('3');
	await item(page, 'B2').getByRole('button', { name: 'Thêm ghi chú' }).click();
	await item(page, 'B2').getByLabel('Ghi chú').fill('Bảng niêm yết cũ <b>2019</b>');
	await item(page, 'B2').getByLabel('Ghi chú').blur();
	await expect(page.getByRole('status').first()).toContainText('Đã lưu');

	await page.getByRole('link', { name: 'Số liệu' }).click();
	const late = page.getByLabel('Số hồ sơ đã giải quyết quá hạn');
	await late.fill('4');
	await late.blur();
	await expect(page.getByRole('status').first()).toContainText('Đã lưu');
	await page.getByLabel('Số hồ sơ đã giải quyết trước hạn').fill('10');
	await page.getByLabel('Số hồ sơ đã giải quyết đúng hạn').fill('6');
	await page.getByLabel('Số hồ sơ đã giải quyết đúng hạn').blur();
	await expect(page.locator('[data-ratio="on_time_rate"]')).toHaveText('80%');

	await page.close();
	const reopened = await context.newPage();
	await reopened.goto(`/inspections/${id}`);
	await expect(
		item(reopened, 'A1').getByRole('radio', { name: 'Đạt', exact: true })
	).toHaveAttribute('aria-checked', 'true');
	for (const itemId of passes) {
		await expect(
			item(reopened, itemId).getByRole('radio', { name: 'Đạt', exact: true })
		).toHaveAttribute('aria-checked', 'true');
	}
	await expect(
		item(reopened, 'C4').getByRole('radio', { name: 'Không áp dụng', exact: true })
	).toHaveAttribute('aria-checked', 'true');
	await expect(item(reopened, 'B2').getByLabel(/Số TTHC/)).toHaveValue('3');
	await expect(item(reopened, 'B2').getByLabel('Ghi chú')).toHaveValue(
		'Bảng niêm yết cũ <b>2019</b>'
	);
	await reopened.getByRole('link', { name: /Tồn tại, hạn chế/ }).click();
	await expect(
		reopened.getByText('Còn niêm yết 3 TTHC lĩnh vực hộ tịch đã bị bãi bỏ')
	).toBeVisible();
	await reopened.getByRole('link', { name: 'Số liệu' }).click();
	await expect(reopened.getByLabel('Số hồ sơ đã giải quyết quá hạn')).toHaveValue('4');
	await expect(reopened.locator('[data-ratio="on_time_rate"]')).toHaveText('80%');

	await reopened.goto('/');
	await expect(reopened.getByText('UBND phường Bạch Đằng')).toBeVisible();
	await expect(reopened.getByText(/thay đổi chưa gửi/)).toBeVisible();
});
