/**
 * Every e2e test fails on a Content-Security-Policy violation, so the policy in svelte.config.js
 * is proven against everything the suite does (photos, PDF, signing, the summary image, admin,
 * verify). Chromium logs each violation to the console ("Refused to … because it violates the
 * following Content Security Policy directive"); the page listener also names the directive.
 */
import { expect, test as base, type BrowserContext } from '@playwright/test';

/** One worker runs one test at a time: the list is the current test's. */
const violations: string[] = [];

/** For contexts a test opens itself (browser.newContext), before their first page. */
export async function watchCsp(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
		});
	});
	context.on('console', (message) => {
		const text = message.text();
		if (/Content Security Policy|CSP violation/i.test(text)) violations.push(text);
	});
}

export const test = base.extend<{ cspGuard: void }>({
	cspGuard: [
		async ({ context }, use) => {
			violations.length = 0;
			await watchCsp(context);
			await use();
			expect(violations, 'Content-Security-Policy violations').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };
