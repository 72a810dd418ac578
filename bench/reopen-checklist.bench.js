/**
 * Reopen an inspection with 500 answers: time from navigation start until the checklist is
 * interactive (the last item's "Đạt" button is on the page, laid out and enabled), in the
 * production build, against the floor for "read 500 rows + paint 500 buttons" on the same origin.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBrowserBundle } from './lib/build.js';
import { ms } from './lib/report.js';
import { startNodeBuild } from './lib/servers.js';
import { median } from './lib/stats.js';

export const title = 'Reopen an inspection with 500 answers';

const ITEMS = 500;
const SECTIONS = 10;
const RUNS = 5;
/** Served by the app's own server, next to its files, so pages and bundle share its origin. */
const BENCH_PATH = '__bench';

/**
 * Runs in the app page before any of its scripts (addInitScript). performance.now() counts from
 * the navigation's start, so the figure covers HTML, JS, Kit's start, the load functions, the
 * Dexie reads and the render. The frame callback after the button appears is the frame that
 * paints it.
 * @param {string} lastItemId
 */
function watchChecklist(lastItemId) {
	if (!location.pathname.startsWith('/inspections/')) return;
	const ready = () => {
		const item = document.getElementById(`item-${lastItemId}`);
		const button = [...(item?.querySelectorAll('button[role="radio"]') ?? [])].find(
			(b) => b.textContent?.trim() === 'Đạt'
		);
		if (!(button instanceof HTMLButtonElement) || button.disabled) return false;
		const box = button.getBoundingClientRect();
		return box.width > 0 && box.height > 0 && button.checkVisibility({ visibilityProperty: true });
	};
	const observer = new MutationObserver(() => {
		if (!ready()) return;
		observer.disconnect();
		const mark = { ready: performance.now(), frame: -1 };
		Object.assign(window, { __bench: mark });
		requestAnimationFrame(() => (mark.frame = performance.now()));
	});
	observer.observe(document, {
		childList: true,
		subtree: true,
		attributes: true,
		attributeFilter: ['disabled']
	});
}

/**
 * The raw floor, served as a static page on the app's origin: open the app's database with
 * plain IndexedDB, getAll the inspection's answer-field rows by index (the seed sets one field per
 * answer), append one plain <button> per row, and take the same measurements as in the app.
 */
function readAndPaint() {
	const inspectionId = new URLSearchParams(location.search).get('inspection');
	const open = indexedDB.open('kiem-tra');
	open.onsuccess = () => {
		const request = open.result
			.transaction('answerFields')
			.objectStore('answerFields')
			.index('inspectionId')
			.getAll(inspectionId);
		request.onsuccess = () => {
			const fragment = document.createDocumentFragment();
			for (const answer of request.result) {
				const button = document.createElement('button');
				button.type = 'button';
				button.textContent = `${answer.itemId} Đạt`;
				fragment.append(button);
			}
			document.body.append(fragment);
			const last = document.body.lastElementChild;
			const box = last?.getBoundingClientRect();
			if (!box || box.width === 0 || !last?.checkVisibility()) return;
			const mark = { ready: performance.now(), frame: -1, rows: request.result.length };
			Object.assign(window, { __bench: mark });
			requestAnimationFrame(() => (mark.frame = performance.now()));
		};
	};
}

/**
 * @param {import('@playwright/test').Page} page
 * @param {string} url
 * @returns {Promise<{ ready: number, frame: number, rows?: number }>}
 */
async function timeLoad(page, url) {
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction(() => window.__bench && window.__bench.frame >= 0, null, {
		timeout: 30_000
	});
	return page.evaluate(() => window.__bench);
}

/** @param {import('./lib/context.js').BenchContext} ctx */
export async function run(ctx) {
	const appDir = await ctx.app();
	const served = join(appDir, 'build', 'client', BENCH_PATH);
	mkdirSync(served, { recursive: true });
	const bundleDir = join(ctx.work, 'reopen-seed');
	cpSync(await buildBrowserBundle('reopen-seed', bundleDir, 'ReopenSeed'), join(served, 'seed.js'));
	writeFileSync(
		join(served, 'seed.html'),
		'<!doctype html><meta charset="utf-8"><title>seed</title><script src="seed.js"></script>'
	);
	writeFileSync(
		join(served, 'read-paint.html'),
		'<!doctype html><meta charset="utf-8"><title>read + paint</title><body>' +
			`<script>(${readAndPaint})()</script></body>`
	);

	// Files added to build/client must exist before the server starts: it lists them at startup.
	const server = await startNodeBuild(appDir);
	// Service workers blocked, as in the app-shell bench: the worker would answer every
	// navigation (the raw page's too) with the app shell. Assets then come from the HTTP cache.
	const context = await ctx.browser.newContext({ serviceWorkers: 'block' });
	try {
		const seedPage = await context.newPage();
		await seedPage.goto(`${server.origin}/${BENCH_PATH}/seed.html`);
		ctx.log(`seeding ${ITEMS} answers through answers.save…`);
		const seeded = await seedPage.evaluate((options) => window.ReopenSeed.seed(options), {
			items: ITEMS,
			sections: SECTIONS
		});
		if (seeded.answers !== ITEMS) throw new Error(`seeded ${seeded.answers} answers, not ${ITEMS}`);
		await seedPage.close();

		const appPage = await context.newPage();
		await appPage.addInitScript(watchChecklist, seeded.lastItemId);
		const rawPage = await context.newPage();
		const appUrl = `${server.origin}/inspections/${seeded.inspectionId}`;
		const rawUrl = `${server.origin}/${BENCH_PATH}/read-paint.html?inspection=${seeded.inspectionId}`;

		// One unmeasured load of each: a reopen happens in a browser that has the app cached.
		await timeLoad(appPage, appUrl);
		const rendered = await appPage.locator('article.item').count();
		if (rendered !== ITEMS) throw new Error(`the checklist shows ${rendered} items, not ${ITEMS}`);
		const warmRaw = await timeLoad(rawPage, rawUrl);
		if (warmRaw.rows !== ITEMS) throw new Error(`raw read found ${warmRaw.rows} rows`);

		/** @type {{ ready: number, frame: number }[]} */
		const app = [];
		/** @type {{ ready: number, frame: number }[]} */
		const raw = [];
		for (let i = 0; i < RUNS; i++) {
			// Alternating which goes first spreads drift on the machine over both.
			if (i % 2 === 0) {
				app.push(await timeLoad(appPage, appUrl));
				raw.push(await timeLoad(rawPage, rawUrl));
			} else {
				raw.push(await timeLoad(rawPage, rawUrl));
				app.push(await timeLoad(appPage, appUrl));
			}
		}
		const appMedian = median(app.map((t) => t.frame));
		const rawMedian = median(raw.map((t) => t.frame));
		return {
			title,
			what: [
				`Reopening an inspection whose checklist has ${ITEMS} items (${SECTIONS} sections),`,
				'all answered: time from the start of the navigation to `/inspections/<id>` until the',
				'last item’s “Đạt” button is in the page, laid out, visible and enabled, taken at the',
				'next animation frame (the frame that paints it). Production build (`node build`), warm',
				`HTTP cache, median of ${RUNS} loads. The inspection is seeded through our own`,
				'repositories (`inspections.create`, `answers.save`) with a generated template built',
				'from the bundled items. Raw baseline: a blank page on the same origin that opens the',
				`same database with plain IndexedDB, reads the ${ITEMS} answer rows with one index`,
				`\`getAll\` and appends ${ITEMS} plain \`<button>\` elements, measured the same way:`,
				`the floor for “read + paint ${ITEMS} items”. No goal is set yet.`
			].join(' '),
			figures: [
				{
					name: `Reopen, ${ITEMS} answers → checklist interactive, median`,
					value: appMedian,
					baseline: rawMedian,
					unit: 'ms',
					goal: null
				}
			],
			tables: [
				{
					caption:
						'Each load, from navigation start (“in DOM”: the button found enabled and laid out):',
					head: ['Load', 'app: in DOM', 'app: painted', 'raw: in DOM', 'raw: painted'],
					rows: app.map((a, i) => [
						i + 1,
						ms(a.ready),
						ms(a.frame),
						ms(/** @type {{ ready: number }} */ (raw[i]).ready),
						ms(/** @type {{ frame: number }} */ (raw[i]).frame)
					])
				}
			],
			notes: [
				'Service workers are blocked (the worker would answer the raw page’s navigation with the ' +
					'app shell), so the app’s files come from Chromium’s HTTP cache rather than the ' +
					'precache.',
				'Dexie turns its debug mode on by itself for pages served from 127.0.0.1; the production ' +
					'build turns it off again (`src/lib/db/connection.ts`), so the app runs as on a real ' +
					'origin.',
				'The time covers everything a user waits for: the HTML, the app’s scripts, SvelteKit’s ' +
					'start, the inspection, its frozen template, unit and answers read from IndexedDB, and ' +
					'the render of all 500 items.'
			]
		};
	} finally {
		await context.close();
		await server.stop();
	}
}
