/**
 * Script and HTML typed into an item note, a finding and a minutes paragraph stay text: no
 * dialog opens, no element is made from them, the screens show them character for character,
 * and so does the text of the sealed minutes' PDF (read with poppler's pdftotext).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './pages/csp';
import { fillDraft, fillRequirements, lockForSigning, seal, signEveryone } from './pages/minutes';
import { execFileSync } from 'node:child_process';
import { answer, createInspection, item, visitOnline } from './pages/app';

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const NOTE = `Ghi chú ${XSS}`;
const FINDING = `Thiếu niêm yết "><svg onload=alert(3)> ${XSS}`;
const COMMENT = `Ý kiến & <b>đậm</b> <iframe src="javascript:alert(4)"></iframe> ${XSS}`;

/** Nothing the payloads could have made exists in the page. */
async function noInjectedElements(page: Page) {
	await expect(page.locator('img[src="x"], svg[onload], iframe, b:text("đậm")')).toHaveCount(0);
	const scripts = await page.locator('script').evaluateAll((all) => all.map((s) => s.textContent));
	expect(scripts.filter((s) => s?.includes('alert('))).toEqual([]);
}

test('script and HTML in a note, a finding and the minutes render as text on screen and in the PDF', async ({
	page
}) => {
	test.setTimeout(120_000);
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await visitOnline(page);
	await createInspection(page);

	await answer(page, 'A1', 'Đạt');
	await item(page, 'A1')
		.getByRole('button', { name: /Thêm ghi chú/ })
		.click();
	await item(page, 'A1').getByLabel('Ghi chú').fill(NOTE);
	await item(page, 'A1').getByLabel('Ghi chú').press('Tab');
	await expect(page.getByRole('status').first()).toContainText('Đã lưu');

	await answer(page, 'B1', 'Không đạt');
	await page.getByLabel(/Mô tả tồn tại, hạn chế/).fill(FINDING);
	await page.getByRole('button', { name: 'Lưu tồn tại' }).click();
	await expect(item(page, 'B1')).toContainText(FINDING);

	await page.reload();
	await expect(item(page, 'A1').getByLabel('Ghi chú')).toHaveValue(NOTE);
	await expect(item(page, 'B1')).toContainText(FINDING);
	await noInjectedElements(page);
	await page.getByRole('link', { name: 'Tồn tại, hạn chế' }).click();
	await expect(page.getByRole('main')).toContainText(FINDING);
	await noInjectedElements(page);

	await page.getByRole('link', { name: 'Biên bản' }).click();
	await page.getByRole('button', { name: 'Lập biên bản' }).click();
	await fillDraft(page, COMMENT);
	await fillRequirements(page);
	await page.reload();
	await expect(page.getByLabel('Ý kiến của đơn vị được kiểm tra (mỗi dòng một đoạn)')).toHaveValue(
		COMMENT
	);
	await noInjectedElements(page);

	await lockForSigning(page);
	await signEveryone(page);
	await seal(page);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Tải biên bản (PDF)' }).click();
	const pdfPath = (await (await download).path()) as string;
	const raw = execFileSync('pdftotext', [pdfPath, '-']).toString('utf8');
	// Paragraphs wrap: compare with the line breaks folded into spaces.
	const text = raw.replace(/\s+/g, ' ');
	expect(text).toContain(FINDING);
	expect(text).toContain(COMMENT);
	// Annex 02's narrow note column breaks a long word anywhere ("<im" / "g"): compare the
	// characters with every space taken out.
	const squeeze = (s: string) => s.replace(/\s+/g, '');
	expect(squeeze(raw)).toContain(squeeze(NOTE));
	await noInjectedElements(page);
	expect(dialogs).toEqual([]);
});
