import type { Page } from '@playwright/test';
import { expect, test } from './pages/csp';
import { answer, createInspection, item, visitOnline } from './pages/app';

async function pendingCount(page: Page): Promise<number> {
	await page.goto('/settings');
	const text = await page.getByText(/thay đổi đang chờ gửi/).textContent();
	return Number(/(\d+)/.exec(text ?? '')?.[1]);
}

test('two tabs on one inspection see each other live and never count a change twice', async ({
	context,
	page: tabA
}) => {
	await visitOnline(tabA);
	const id = await createInspection(tabA);
	const tabB = await context.newPage();
	await tabB.goto(`/inspections/${id}`);

	await answer(tabA, 'A1', 'Đạt');
	await expect(item(tabB, 'A1').getByRole('radio', { name: 'Đạt', exact: true })).toHaveAttribute(
		'aria-checked',
		'true'
	);

	await answer(tabB, 'B1', 'Không áp dụng');
	await expect(
		item(tabA, 'B1').getByRole('radio', { name: 'Không áp dụng', exact: true })
	).toHaveAttribute('aria-checked', 'true');

	const settings = await context.newPage();
	const before = await pendingCount(settings);

	// The same two items answered again, from the other tab each: still one change per row.
	await answer(tabB, 'A1', 'Không áp dụng');
	await answer(tabA, 'B1', 'Đạt');
	await expect(item(tabB, 'B1').getByRole('radio', { name: 'Đạt', exact: true })).toHaveAttribute(
		'aria-checked',
		'true'
	);
	expect(await pendingCount(settings)).toBe(before);

	await tabA.goto('/');
	await expect(tabA.getByText(`${before} thay đổi chưa gửi`)).toBeVisible();
});
