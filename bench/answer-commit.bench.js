/**
 * Answer tap → durably committed: median and p95 of answers.save in real Chromium IndexedDB,
 * against one raw single-put IndexedDB transaction in the same page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBrowserBundle } from './lib/build.js';
import { ms } from './lib/report.js';
import { startStaticServer } from './lib/servers.js';
import { summarize } from './lib/stats.js';

const WARMUP = 30;
const ITERATIONS = 300;

export const title = 'Answer tap → durably committed';

/** @param {import('./lib/context.js').BenchContext} ctx */
export async function run(ctx) {
	const dir = join(ctx.work, 'answer-commit');
	mkdirSync(dir, { recursive: true });
	await buildBrowserBundle('answer-commit', dir, 'AnswerCommitBench');
	writeFileSync(
		join(dir, 'index.html'),
		'<!doctype html><meta charset="utf-8"><title>bench</title>' +
			'<script src="/answer-commit.js"></script>'
	);
	const server = await startStaticServer(dir);
	const context = await ctx.browser.newContext();
	try {
		const page = await context.newPage();
		await page.goto(`${server.origin}/`);
		const timings = await page.evaluate((options) => window.AnswerCommitBench.run(options), {
			warmup: WARMUP,
			iterations: ITERATIONS
		});
		const app = summarize(timings.app);
		const raw = summarize(timings.raw);
		const same = summarize(timings.rawSame);
		const dexieSame = summarize(timings.dexieSame);
		const row = (/** @type {string} */ name, /** @type {ReturnType<typeof summarize>} */ s) => [
			name,
			s.n,
			ms(s.median),
			ms(s.p95),
			ms(s.min),
			ms(s.max),
			`${(s.median / raw.median).toFixed(2)}×`
		];
		return {
			title,
			what:
				'Time from calling `answers.save` (the result-button tap handler’s write) until its ' +
				'transaction has committed, in Chromium’s IndexedDB. The save validates the answer, then ' +
				'writes the answer-field row and its queue entry in one Dexie transaction, reading ' +
				'nothing. Raw baseline: one IndexedDB `readwrite` transaction with a single `put` of ' +
				'an answer-shaped row, awaited until `complete`, in the same page. ' +
				`${ITERATIONS} taps of each path, interleaved, after ${WARMUP} warm-up taps each; the ` +
				'taps cycle through the bundled template’s pass/fail/N/A items and results.',
			figures: [
				{
					name: 'Answer commit, median',
					value: app.median,
					baseline: raw.median,
					unit: 'ms',
					goal: { text: 'median ≤ 2× raw', maxRatio: 2 }
				},
				{
					name: 'Answer commit, p95',
					value: app.p95,
					baseline: raw.p95,
					unit: 'ms',
					goal: null
				}
			],
			tables: [
				{
					head: ['Path', 'n', 'median', 'p95', 'min', 'max', 'median ÷ raw'],
					rows: [
						row('`answers.save` (our write path)', app),
						row('raw: one put in one transaction (**baseline**)', raw),
						row('raw: the same requests as `answers.save` (diagnostic)', same),
						row('Dexie: the same requests, no validation (diagnostic)', dexieSame)
					]
				}
			],
			notes: [
				'Dexie turns on its debug mode (async stack tagging on every call) when the page is served ' +
					'from 127.0.0.1 or localhost; the bench turns it off, as it is on a real origin.',
				'All paths use the browser’s default transaction durability.',
				'The diagnostic row issues, with raw IndexedDB, the requests `answers.save` makes: a put ' +
					'of the answer-field row and a put of its queue entry, in one transaction. Between it ' +
					'and the baseline lies the cost of what the write path does; between it and ' +
					'`answers.save`, what Dexie and validation add. The Dexie row makes the same two puts ' +
					'through a Dexie transaction with nothing of ours around them: the floor of any ' +
					'Dexie write path that keeps the row and its queue entry as two records.',
				'Why two records: the queue entry is what a push sends and what the sync status counts; ' +
					'keeping it apart from the answer row means a row is never “pending” by a flag that ' +
					'another write could clear. Folding the marker into the row would make a tap one put ' +
					'(about 1.4× raw through Dexie) at the price of a second source of pending changes; ' +
					'we chose the explicit queue.',
				'The first answer of a draft inspection also moves it to “in progress” (one more read ' +
					'and write); the bench makes that answer before timing, as it happens once per ' +
					'inspection.'
			]
		};
	} finally {
		await context.close();
		await server.stop();
	}
}
