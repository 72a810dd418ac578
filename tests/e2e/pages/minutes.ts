import { expect, type Page } from '@playwright/test';

/** A zigzag stroke across the open signature pad: enough ink for the pad to accept it. */
export async function drawSignature(page: Page): Promise<void> {
	const box = await page.getByLabel(/^Ô ký của/).boundingBox();
	if (!box) throw new Error('no signature pad');
	await page.mouse.move(box.x + 20, box.y + box.height / 2);
	await page.mouse.down();
	for (let i = 1; i <= 12; i++) {
		await page.mouse.move(box.x + 20 + i * 18, box.y + box.height / 2 + (i % 2 ? -25 : 25));
	}
	await page.mouse.up();
}

/**
 * Fills what the draft needs besides the required fixes: the decision behind the visit, its hours,
 * the unit's representative and the unit's comment.
 */
export async function fillDraft(
	page: Page,
	unitComment = 'Đơn vị thống nhất với kết quả kiểm tra.'
): Promise<void> {
	await page.getByLabel('Số quyết định').fill('3125/QĐ-UBND');
	await page.getByLabel('Ngày ban hành').fill('2025-10-28');
	await page.getByLabel('Cơ quan, người ban hành').fill('Chủ tịch UBND thành phố Hà Nội');
	await page.getByLabel('Giờ bắt đầu').fill('08:30');
	await page.getByLabel('Giờ kết thúc').fill('11:15');
	if (!(await page.getByLabel('Họ và tên đại diện 1').isVisible())) {
		await page.getByRole('button', { name: 'Thêm đại diện' }).click();
	}
	await page.getByLabel('Họ và tên đại diện 1').fill('Trần Văn Minh');
	await page.getByLabel('Chức vụ đại diện 1').fill('Phó Chủ tịch UBND phường');
	await page.getByLabel('Ý kiến của đơn vị được kiểm tra (mỗi dòng một đoạn)').fill(unitComment);
}

/**
 * Gives every required fix a deadline and a party responsible, which signing asks for, and waits
 * until the draft says it is saved. The visit is today, so the deadlines fall a month on.
 */
export async function fillRequirements(page: Page): Promise<void> {
	const month = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
	for (const deadline of await page.getByLabel(/Thời hạn yêu cầu/).all()) {
		await deadline.fill(month);
	}
	for (const who of await page.getByLabel(/Trách nhiệm thực hiện yêu cầu/).all()) {
		await who.fill('UBND phường');
	}
	await page.getByLabel('Địa điểm').press('Tab');
	await expect(page.getByRole('status').first()).toContainText('Đã lưu');
}

/** Locks the draft's text for signing. */
export async function lockForSigning(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Ký biên bản' }).click();
	await expect(page.getByText('Nội dung biên bản đã được khóa')).toBeVisible();
}

/** The signers listed on the signing panel, in their order. */
export function signers(page: Page) {
	return page.getByRole('listitem').filter({ has: page.locator('strong') });
}

/** Every signer in turn signs on the pad, with a name filled in where the draft had none. */
export async function signEveryone(page: Page): Promise<void> {
	const list = signers(page);
	const count = await list.count();
	for (let i = 0; i < count; i++) {
		await fillSignerName(page, i);
		await drawSignature(page);
		await page.getByRole('button', { name: 'Xác nhận chữ ký' }).click();
		await expect(list.nth(i)).toContainText('đã ký');
	}
}

export async function fillSignerName(page: Page, index: number): Promise<void> {
	const name = page.getByLabel('Họ và tên người ký');
	if (!(await name.inputValue())) await name.fill(`Người ký ${index + 1}`);
}

/** Seals the signed minutes; rendering the PDF can take a while on a slow machine. */
export async function seal(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Niêm phong và tạo PDF' }).click();
	await expect(page.getByRole('heading', { name: /Biên bản đã ký/ })).toBeVisible({
		timeout: 30_000
	});
}
