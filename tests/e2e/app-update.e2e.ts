import { expect, test } from './pages/csp';
import { answer, createInspection, item, visitOnline } from './pages/app';

test('a new version waits for the user, then reloads and keeps every local record', async ({
	context,
	page
}) => {
	// The first install gets a script that differs from the server's, so the server's own script
	// is a "new version" at the next update check. Playwright intercepts only the page-initiated
	// registration fetch, not the browser's update check, so the trick works either way.
	let served = 0;
	await context.route('**/service-worker.js', async (route) => {
		if (served++ > 0) return route.continue();
		const response = await route.fetch();
		await route.fulfill({ response, body: `${await response.text()}\n// e2e: previous version\n` });
	});
	await visitOnline(page);
	const id = await createInspection(page);
	await answer(page, 'A1', 'Không đạt');
	await item(page, 'A1').getByRole('button', { name: 'Hủy' }).click();
	await answer(page, 'A3', 'Đạt');

	await page.getByRole('link', { name: 'Cài đặt' }).click();
	await page.getByRole('button', { name: 'Kiểm tra bản cập nhật' }).click();

	await expect(page.getByText('Đã có phiên bản mới')).toBeVisible();
	const reloaded = page.waitForEvent('load');
	await page.getByRole('button', { name: 'Cập nhật phiên bản mới' }).click();
	await reloaded;

	await page.goto(`/inspections/${id}`);
	await expect(
		item(page, 'A1').getByRole('radio', { name: 'Không đạt', exact: true })
	).toHaveAttribute('aria-checked', 'true');
	await expect(item(page, 'A3').getByRole('radio', { name: 'Đạt', exact: true })).toHaveAttribute(
		'aria-checked',
		'true'
	);
	await expect(page.getByText('Đã có phiên bản mới')).toHaveCount(0);
});
