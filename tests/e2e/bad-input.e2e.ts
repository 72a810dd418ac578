import { expect, test } from './pages/csp';
import { answer, createInspection, item, visitOnline } from './pages/app';

test.beforeEach(async ({ page }) => {
	await visitOnline(page);
});

test('the new-inspection form names what is missing and keeps what was typed', async ({ page }) => {
	await page.goto('/inspections/new');
	await page.getByLabel('Từ ngày').fill('2026-06-30');
	await page.getByLabel('Đến ngày').fill('2026-01-01');
	await page.getByLabel('Họ và tên thành viên 1').fill('Lê Thị Mai');
	await page.getByLabel('Vai trò').selectOption({ label: 'Thư ký' });
	await page.getByRole('button', { name: 'Tạo và bắt đầu' }).click();

	await expect(page.getByText('Hãy chọn đơn vị được kiểm tra.')).toBeVisible();
	await expect(page.getByText('Ngày kết thúc phải sau hoặc trùng ngày bắt đầu')).toBeVisible();
	await expect(page.getByText('Đoàn kiểm tra cần có một Trưởng đoàn.')).toBeVisible();
	await expect(page).toHaveURL(/\/inspections\/new$/);

	// What was typed survives a reload until the form is saved.
	await page.reload();
	await expect(page.getByLabel('Họ và tên thành viên 1')).toHaveValue('Lê Thị Mai');
	await expect(page.getByLabel('Từ ngày')).toHaveValue('2026-06-30');
});

test('counts are checked before saving, and a broken relation blocks only the field involved', async ({
	page
}) => {
	await createInspection(page);
	await page.getByRole('link', { name: 'Số liệu' }).click();

	const early = page.getByLabel('Số hồ sơ đã giải quyết trước hạn');
	await early.fill('-3');
	await early.blur();
	await expect(page.getByText('Không được là số âm.')).toBeVisible();
	await expect(early).toHaveValue('-3');
	await early.fill('2,5');
	await early.blur();
	await expect(page.getByText('Phải là số nguyên (không có phần thập phân).')).toBeVisible();

	const late = page.getByLabel('Số hồ sơ đã giải quyết quá hạn');
	await late.fill('2');
	await late.blur();
	const apology = page.getByLabel('Số hồ sơ quá hạn có văn bản xin lỗi');
	await apology.fill('5');
	await apology.blur();
	await expect(page.getByText(/không được lớn hơn số hồ sơ giải quyết quá hạn/)).toBeVisible();

	await page.reload();
	await expect(page.getByLabel('Số hồ sơ đã giải quyết trước hạn')).toHaveValue('');
	await expect(page.getByLabel('Số hồ sơ đã giải quyết quá hạn')).toHaveValue('2');
	await expect(page.getByLabel('Số hồ sơ quá hạn có văn bản xin lỗi')).toHaveValue('');

	// Once the relation holds again the typed value is saved.
	await page.getByLabel('Số hồ sơ quá hạn có văn bản xin lỗi').fill('5');
	await page.getByLabel('Số hồ sơ đã giải quyết quá hạn').fill('6');
	await page.getByLabel('Số hồ sơ đã giải quyết quá hạn').blur();
	await expect(page.getByText(/không được lớn hơn số hồ sơ giải quyết quá hạn/)).toHaveCount(0);
	await page.reload();
	await expect(page.getByLabel('Số hồ sơ quá hạn có văn bản xin lỗi')).toHaveValue('5');
	await expect(page.locator('[data-ratio="late_apology_rate"]')).toHaveText(/83,3%/);
});

test('item values outside the rules get a message next to the field and are not saved', async ({
	page
}) => {
	await createInspection(page);
	const date = item(page, 'A4').getByLabel(/Ngày gửi báo cáo/);
	await date.fill('2020-01-15');
	await date.blur();
	await expect(item(page, 'A4').getByText('Ngày phải nằm trong thời kỳ kiểm tra.')).toBeVisible();

	const percent = item(page, 'E1').getByLabel(/%/);
	await percent.fill('120');
	await percent.blur();
	await expect(item(page, 'E1').getByText('Tỷ lệ phải từ 0 đến 100.')).toBeVisible();
	await percent.fill('87,5');
	await percent.blur();
	await expect(item(page, 'E1').getByText('Tỷ lệ phải từ 0 đến 100.')).toHaveCount(0);

	await page.reload();
	await expect(item(page, 'A4').getByLabel(/Ngày gửi báo cáo/)).toHaveValue('');
	await expect(item(page, 'E1').getByLabel(/%/)).toHaveValue('87.5');
});

test('markup typed into text fields is shown as text and never runs', async ({ page }) => {
	let dialogs = 0;
	page.on('dialog', (d) => {
		dialogs++;
		void d.dismiss();
	});
	await createInspection(page);
	await answer(page, 'D8', 'Không đạt');
	const form = item(page, 'D8').getByRole('form', { name: 'Tồn tại, hạn chế' });
	const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script> sách nhiễu';
	await form.getByLabel(/Mô tả tồn tại/).fill(payload);
	await form.getByRole('button', { name: 'Lưu tồn tại' }).click();
	await page.getByRole('link', { name: /Tồn tại, hạn chế/ }).click();
	await expect(page.getByText(payload)).toBeVisible();
	await expect(page.locator('img[src="x"]')).toHaveCount(0);
	expect(dialogs).toBe(0);
});

test('an unknown inspection id says so instead of a blank page', async ({ page }) => {
	await page.goto('/inspections/00000000-0000-4000-8000-000000000000');
	await expect(page.getByRole('heading', { name: 'Không tìm thấy' })).toBeVisible();
	await expect(page.getByText(/chưa được đồng bộ về/)).toBeVisible();
	await page.getByRole('link', { name: 'Danh sách cuộc kiểm tra' }).click();
	await expect(page.getByRole('heading', { name: 'Các cuộc kiểm tra' })).toBeVisible();
});
