import { expect, test } from './pages/csp';
import { readFileSync } from 'node:fs';
import { answer, createInspection, visitOnline } from './pages/app';

test('the result summary becomes a picture to share, offline', async ({ page, context }) => {
	await visitOnline(page);
	await context.setOffline(true);
	const id = await createInspection(page);
	await answer(page, 'A1', 'Đạt');
	await answer(page, 'A2', 'Không đạt');
	await page.goto(`/inspections/${id}/summary`);

	// Desktop Chromium has no Web Share for files: the picture is downloaded instead.
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Chia sẻ ảnh tóm tắt' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^ket-qua-.+\.png$/);
	await expect(page.getByRole('status').filter({ hasText: 'Đã tải ảnh tóm tắt' })).toBeVisible();

	const png = readFileSync((await file.path()) as string);
	expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	// 540 CSS px drawn at scale 2; tall enough for the unit, the sections and the findings line.
	expect(png.readUInt32BE(16)).toBe(1080);
	expect(png.readUInt32BE(20)).toBeGreaterThan(600);
});
