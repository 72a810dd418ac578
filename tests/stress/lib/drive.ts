/**
 * Driving a page through injected faults. A fault makes steps fail in ways that say nothing about
 * the data: a closed page's pending work rejects, a navigation meets a dead server, a reload
 * destroys the context an evaluation ran in. These helpers bound every step and name what went
 * wrong, so a harness can tell "the screen could not be driven" from "a record was lost".
 */
import { expect, type Page } from '@playwright/test';
import { item } from '../../e2e/pages/app';

/** How a step that could not be driven failed; counted in the report, never taken for loss. */
export type DriveFailure = 'page-closed' | 'navigation' | 'context-destroyed' | 'timeout' | 'other';

export function classify(error: unknown): DriveFailure {
	const message = error instanceof Error ? error.message : String(error);
	if (/has been closed|Target crashed|detached/i.test(message)) return 'page-closed';
	if (/Execution context was destroyed/i.test(message)) return 'context-destroyed';
	if (/Timeout|timed out|exceeded/i.test(message)) return 'timeout';
	if (/net::ERR_|navigat/i.test(message)) return 'navigation';
	return 'other';
}

/** Gives up on `work` after `ms`: Playwright calls on a wedged page may otherwise never settle. */
export async function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const expired = new Promise<never>((_, fail) => {
		timer = setTimeout(() => fail(new Error(`${what}: timed out after ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([work, expired]);
	} finally {
		clearTimeout(timer);
	}
}

type Marked = { __left?: boolean };

/**
 * Navigates from inside the page instead of with page.goto. goto answers with a Response object;
 * when the page closes while it runs, Playwright's client receives the answer after the page's
 * objects were dropped and throws "Object with guid … was not bound in the connection" outside
 * any await, which fails the whole test. Resolves once the new document replaced the old one (a
 * mark left on the old window is gone), so the caller never reads the page it left.
 */
export async function navigate(page: Page, url: string, timeout = 15_000): Promise<void> {
	if (page.url() === 'about:blank') {
		// A fresh page that nothing else drives: goto cannot race a close here.
		await page.goto(url, { waitUntil: 'commit', timeout });
		return;
	}
	await page
		.evaluate((to) => {
			(window as Marked).__left = true;
			location.assign(to);
		}, url)
		.catch((error: unknown) => {
			// The navigation began and took the evaluation's context with it: that is success.
			if (classify(error) !== 'context-destroyed') throw error;
		});
	await expect
		.poll(() => page.evaluate(() => !(window as Marked).__left).catch(() => false), { timeout })
		.toBe(true);
}

/** A reload from inside the page, for the same reason as `navigate`; does not wait for it. */
export async function reloadFromPage(page: Page): Promise<void> {
	await page
		.evaluate(() => {
			location.reload();
		})
		.catch((error: unknown) => {
			if (classify(error) !== 'context-destroyed') throw error;
		});
}

/**
 * Shows an item's note box. A pull re-rendering the item can detach the button as it is clicked:
 * Playwright then clicks again and waits without end for a button the first click already took
 * away (a full run hung on this). Whichever state the item is in, retry until the box shows.
 */
export async function openNote(page: Page, itemId: string, timeout: number): Promise<void> {
	const box = item(page, itemId).getByLabel('Ghi chú');
	await expect(async () => {
		if (!(await box.isVisible())) {
			await item(page, itemId)
				.getByRole('button', { name: 'Thêm ghi chú' })
				.click({ timeout: 2_000 });
		}
		await expect(box).toBeVisible({ timeout: 2_000 });
	}).toPass({ timeout });
}
