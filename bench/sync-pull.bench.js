/**
 * Pull 10,000 changes into a fresh device: the sync engine's first round in Chromium, from an
 * empty IndexedDB, against a raw Dexie bulkPut of the rows that round wrote, into the same tables.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBrowserBundle } from './lib/build.js';
import { ms } from './lib/report.js';
import { median } from './lib/stats.js';
import {
	answerMutations,
	call,
	demoPassword,
	logIn,
	newInspection,
	startSyncServer
} from './lib/sync.js';

export const title = 'Pull 10,000 changes into a fresh device';

const CHANGES = 10_000;
/** Three rounds of each path. */
const ORDER = /** @type {const} */ (['app', 'raw', 'raw', 'app', 'app', 'raw']);
const ROUNDS = 3;
const DIAGNOSTIC_ROUNDS = 1;
/** Served by the app's own server, so the page shares its origin, cookie and API. */
const BENCH_PATH = '__bench-pull';
const SEED_BATCH = 500;

/**
 * Every change the member may pull, counted page by page as a device would receive them.
 * @param {import('./lib/sync.js').Session} session
 */
async function countFeed(session) {
	let cursor = 0;
	let count = 0;
	for (;;) {
		const page = await call(session, 'GET', `/api/sync/pull?cursor=${cursor}&limit=1000`);
		count += page.changes.length;
		cursor = page.cursor;
		if (!page.more) return count;
	}
}

/**
 * One member's work, pushed from Node: an inspection and as many answered items as it takes for
 * the member's feed to hold exactly CHANGES changes (the catalog is in it too).
 * @param {string} origin
 */
async function seed(origin) {
	const member = await logIn(origin, 'thanhvien1');
	const inspection = newInspection(member, {
		members: [
			{ name: 'Nguyễn Văn An', role: 'truong-doan' },
			{ name: member.account.user.displayName, role: 'thanh-vien' }
		]
	});
	await call(member, 'POST', '/api/sync/push', {
		deviceId: member.deviceId,
		mutations: [inspection]
	});
	const items = CHANGES - (await countFeed(member));
	// answerMutations adds a note to every third item: this many mutations answer `items` items.
	const mutations = answerMutations({
		inspectionId: inspection.inspectionId,
		deviceId: member.deviceId,
		by: member.account.user.displayName,
		count: items + Math.ceil(items / 3),
		prefix: 'S'
	});
	for (let i = 0; i < mutations.length; i += SEED_BATCH) {
		const { results } = await call(member, 'POST', '/api/sync/push', {
			deviceId: member.deviceId,
			mutations: mutations.slice(i, i + SEED_BATCH)
		});
		if (results.some((/** @type {any} */ r) => r.status !== 'applied')) {
			throw new Error('seeding: a mutation was not applied');
		}
	}
	const total = await countFeed(member);
	if (total !== CHANGES) throw new Error(`the feed holds ${total} changes, not ${CHANGES}`);
	return { items, mutations: mutations.length };
}

/** @param {import('./lib/context.js').BenchContext} ctx */
export async function run(ctx) {
	const appDir = await ctx.app();
	const served = join(appDir, 'build', 'client', BENCH_PATH);
	mkdirSync(served, { recursive: true });
	const bundle = await buildBrowserBundle('sync-pull', join(ctx.work, 'sync-pull'), 'SyncPull');
	cpSync(bundle, join(served, 'pull.js'));
	writeFileSync(
		join(served, 'index.html'),
		'<!doctype html><meta charset="utf-8"><title>pull</title><script src="pull.js"></script>'
	);
	// Files added to build/client must exist before the server starts: it lists them at startup.
	const server = await startSyncServer(ctx, 'sync-pull');
	const context = await ctx.browser.newContext({ serviceWorkers: 'block' });
	try {
		ctx.log(`seeding ${CHANGES} changes through push…`);
		const seeded = await seed(server.origin);
		const page = await context.newPage();
		await page.goto(`${server.origin}/${BENCH_PATH}/index.html`);
		await page.waitForFunction(() => window.SyncPull !== undefined);
		const deviceId = 'bench-fresh-device';
		await page.evaluate(
			([login, password, device]) => window.SyncPull.logIn(login, password, device),
			['thanhvien2', demoPassword('thanhvien2'), deviceId]
		);

		ctx.log(`${ROUNDS} rounds of each path, interleaved…`);
		/** @type {{ app: number, pages: number }[]} */
		const appRounds = [];
		/** @type {number[]} */
		const rawRounds = [];
		/** @type {Record<string, number>} */
		let tables = {};
		// app, raw, raw, app, app, raw: drift on the machine lands on both paths. The first app
		// round runs on cold code, as a fresh device's first sync does; it leaves the rows the
		// raw path then puts.
		for (const path of ORDER) {
			if (path === 'raw') {
				rawRounds.push(await page.evaluate(() => window.SyncPull.rawPut()));
				continue;
			}
			const app = await page.evaluate((d) => window.SyncPull.appPull(d), deviceId);
			if (app.pulled !== CHANGES) throw new Error(`pulled ${app.pulled}, not ${CHANGES}`);
			appRounds.push({ app: app.ms, pages: app.pages });
			if (appRounds.length === 1) {
				tables = await page.evaluate(() => window.SyncPull.takeSnapshot());
			}
		}
		const rounds = appRounds.map((a, i) => ({ ...a, raw: /** @type {number} */ (rawRounds[i]) }));

		ctx.log('diagnostics: fetching alone, applying alone…');
		/** @type {{ fetch: number, bytes: number, apply: number }[]} */
		const split = [];
		for (let i = 0; i < DIAGNOSTIC_ROUNDS; i++) {
			const fetched = await page.evaluate(() => window.SyncPull.fetchOnly());
			const applied = await page.evaluate(() => window.SyncPull.applyOnly());
			split.push({ fetch: fetched.ms, bytes: fetched.bytes, apply: applied });
		}

		const appMedian = median(rounds.map((r) => r.app));
		const rawMedian = median(rounds.map((r) => r.raw));
		const rows = Object.values(tables).reduce((a, b) => a + b, 0);
		const pages = rounds[0]?.pages ?? 0;
		return {
			title,
			what: [
				`A device that has just logged in receives ${CHANGES.toLocaleString('en-US')}`,
				'changes: the time of the sync engine’s round (`syncRound` with the real client and',
				'local side, as the app runs it) in Chromium, from an empty IndexedDB until the last',
				`page is applied. The round pulls ${pages} pages of the server’s default size`,
				'(production build, `node build`, its own SQLite database) and applies each in one',
				'Dexie transaction (`applyPulled`). The feed holds one inspection with',
				`${seeded.items.toLocaleString('en-US')} answered items, pushed beforehand from Node by`,
				'one member, plus the catalog every device receives; a second member’s fresh device',
				'pulls it. Raw baseline: the rows that round left in the database',
				`(${rows.toLocaleString('en-US')} in all), put back into the same tables of an emptied`,
				'database with Dexie `bulkPut`, all in one transaction, from memory in the same page:',
				`the floor for storing what a pull stores. ${ROUNDS} rounds of each, interleaved (app,`,
				'raw, raw, app, app, raw); the figure is the median.'
			].join(' '),
			figures: [
				{
					name: `Pull ${CHANGES.toLocaleString('en-US')} changes into a fresh device, median`,
					value: appMedian,
					baseline: rawMedian,
					unit: 'ms',
					goal: null
				}
			],
			tables: [
				{
					caption: 'Each round:',
					head: ['Round', 'sync round (app)', 'raw bulkPut', 'app ÷ raw'],
					rows: rounds.map((r, i) => [
						i + 1,
						ms(r.app),
						ms(r.raw),
						`${(r.app / r.raw).toFixed(2)}×`
					])
				},
				{
					caption: 'Where the round’s time goes (diagnostic, separate runs):',
					head: ['Run', 'pulling the pages, nothing written', 'applying them, nothing fetched'],
					rows: split.map((s, i) => [i + 1, ms(s.fetch), ms(s.apply)])
				},
				{
					caption: 'Rows the round wrote, per table (what the raw path puts):',
					head: ['Table', 'rows'],
					rows: Object.entries(tables).map(([name, n]) => [`\`${name}\``, n])
				}
			],
			notes: [
				`The ${pages} pages carry about ${((split[0]?.bytes ?? 0) / 1e6).toFixed(1)} MB of JSON ` +
					'(MB = 10⁶ bytes). Each answered item ' +
					'is one change (the answer row with its fields: result, attribution, and for every ' +
					'third item a note), which the device stores as one answer-field row per answered ' +
					'field and one sync-state row holding the field versions.',
				'A fresh device: the database is deleted and opened again (schema created) before ' +
					'each round, outside the clock. The catalog the app installs at first start is not ' +
					'put beforehand; the catalog rows come with the pull.',
				'The raw path gets its rows for free, already in memory and in their final shape; ' +
					'the app fetches, validates (Zod, on every page), merges per field against sync ' +
					'state and writes. The diagnostic runs time the two halves of a round apart: ' +
					'fetching every page without writing anything, then applying those pages to an ' +
					'empty database with `applyPulled`.',
				'No round is a warm-up: the first runs on code the page has not run yet, as a ' +
					'fresh device’s first sync does; the table shows whether it stands out.',
				'Dexie’s debug mode is off, as on a real origin. Service workers are blocked; the ' +
					'page is served by the app’s server, so the session cookie and the API are ' +
					'same-origin as in the app.'
			]
		};
	} finally {
		await context.close();
		await server.stop();
	}
}
