/**
 * `npm run bench`: runs every bench/*.bench.js in one Chromium and writes docs/BENCHMARKS.md.
 *
 * Each figure is reported next to a raw baseline measured in the same run, on the same machine,
 * and judged by their ratio: absolute times on a shared 2-core box say little, the overhead of
 * our code over the floor under it says a lot. Nothing here talks to anything but 127.0.0.1.
 *
 *   npm run bench                 all benches, rewrites docs/BENCHMARKS.md
 *   npm run bench -- answer       only benches whose file name contains "answer" (report printed,
 *                                 docs/BENCHMARKS.md left alone since it would be partial)
 *   npm run bench -- --keep       keep the temporary builds and print where they are
 */
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../bench/lib/build.js';
import { describeMachine } from '../bench/lib/machine.js';
import { BENCH_DIR, ROOT } from '../bench/lib/paths.js';
import { renderReport, renderSummary } from '../bench/lib/report.js';
import { stopAll } from '../bench/lib/cleanup.js';

/** Hard ceilings: a bench that hangs must fail the run, not keep the machine busy. */
const PER_BENCH_MS = 150_000;
const WHOLE_RUN_MS = 480_000;
const REPORT = join(ROOT, 'docs', 'BENCHMARKS.md');

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const filters = args.filter((a) => !a.startsWith('--'));

const all = readdirSync(BENCH_DIR)
	.filter((f) => f.endsWith('.bench.js'))
	.sort();
const selected = filters.length ? all.filter((f) => filters.some((w) => f.includes(w))) : all;
if (selected.length === 0) {
	console.error(`No bench matches ${filters.join(', ')}. Benches: ${all.join(', ')}`);
	process.exit(1);
}

const log = (/** @type {string} */ message) => console.error(`[bench] ${message}`);
const work = mkdtempSync(join(tmpdir(), 'kiem-tra-bench-'));
/** @type {import('@playwright/test').Browser | undefined} */
let browser;
let interrupted = false;

async function cleanUp() {
	await stopAll();
	await browser?.close().catch(() => {});
	if (keep) log(`builds kept in ${work}`);
	else rmSync(work, { recursive: true, force: true });
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.once(signal, () => {
		interrupted = true;
		process.exitCode = 130;
		log(`${signal}: stopping servers and the browser`);
		void cleanUp().finally(() => process.exit());
	});
}
const watchdog = setTimeout(() => {
	interrupted = true;
	process.exitCode = 1;
	log(`the whole run exceeded ${WHOLE_RUN_MS / 1000} s: giving up`);
	void cleanUp().finally(() => process.exit());
}, WHOLE_RUN_MS);
watchdog.unref();

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms, what) {
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
	});
	return /** @type {Promise<T>} */ (Promise.race([promise, timeout])).finally(() =>
		clearTimeout(timer)
	);
}

/** @param {() => Promise<string>} make */
function once(make) {
	/** @type {Promise<string> | undefined} */
	let made;
	return () => (made ??= make());
}

const results = [];
const failures = [];
const started = Date.now();
let machine;
try {
	browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		// This machine has no network beyond loopback: keep Chromium from dialling out.
		args: [
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic'
		]
	});
	machine = describeMachine(browser.version());
	const ctx = {
		browser,
		work,
		log,
		app: once(async () => {
			log('building the app (production, from a snapshot of the working tree)…');
			const t = Date.now();
			const dir = await buildApp(work);
			log(`app built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
			return dir;
		})
	};
	for (const file of selected) {
		if (interrupted) break;
		log(`▶ ${file}`);
		const t = Date.now();
		try {
			const mod = await import(pathToFileURL(join(BENCH_DIR, file)).href);
			const result = await withTimeout(mod.run(ctx), PER_BENCH_MS, file);
			results.push({ ...result, file });
			log(`✔ ${file} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
		} catch (error) {
			if (interrupted) break;
			failures.push(file);
			log(`✖ ${file}: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
			// A timed-out bench may still hold servers; later benches start their own.
			await stopAll();
		}
	}
} finally {
	await cleanUp();
	clearTimeout(watchdog);
}

// Stopped by a signal or the watchdog: whatever was measured is incomplete, write nothing.
if (interrupted) process.exit();
const seconds = (Date.now() - started) / 1000;
const report = results.length
	? await renderReport(results, { machine, seconds, date: new Date() })
	: '';
if (failures.length) {
	console.log(renderSummary(results));
	log(`failed: ${failures.join(', ')}; ${REPORT} left as it was`);
	process.exit(1);
}
if (selected.length < all.length) {
	// A partial report would drop the other figures: show it here instead.
	console.log(report);
	log(`partial run: ${REPORT} left as it was`);
} else {
	console.log(renderSummary(results));
	mkdirSync(join(ROOT, 'docs'), { recursive: true });
	writeFileSync(REPORT, report);
	log(`wrote ${REPORT} (${seconds.toFixed(0)} s)`);
}
