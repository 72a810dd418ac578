/**
 * App-shell first-load size: gzip of the JS and CSS Chromium loads on a first visit to `/` of the
 * production build, against the same figure for a bare SvelteKit app built with the same versions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildBareKitApp } from './lib/build.js';
import { kb } from './lib/report.js';
import { startNodeBuild } from './lib/servers.js';

export const title = 'App-shell first-load size';

const GOAL_BYTES = 90_000;

/**
 * Vite names a shared chunk after one of its modules only, which hides the libraries inside it.
 * These strings are the libraries' own internals (class names, version tags) that minification
 * keeps and our code has no reason to mention, so they reveal them.
 */
const LIBRARIES = [
	['dexie', /DatabaseClosed/],
	['zod', /\$ZodType/],
	['workbox-window', /workbox:window/]
];

/**
 * @typedef {object} LoadedFile
 * @property {string} path
 * @property {'JS' | 'CSS'} type
 * @property {number} raw
 * @property {number} gzip
 * @property {string[]} libraries
 *
 * @typedef {object} ManifestChunk from Vite's client manifest
 * @property {string} file
 * @property {string} [name]
 * @property {boolean} [isEntry]
 * @property {string[]} [imports]
 * @property {string[]} [css]
 */

/** Every file compressed here, alone and at level 9, so no server setting changes the figure. */
const gzipped = (/** @type {Buffer} */ body) => gzipSync(body, { level: 9 }).length;

/**
 * Loads `/` in a fresh profile and records every JS and CSS response until the network is idle,
 * lazy chunks included: they are part of what a first visit downloads. Service workers are
 * blocked, so neither the worker script nor its precache downloads are counted.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 */
async function firstVisit(browser, origin) {
	const context = await browser.newContext({ serviceWorkers: 'block' });
	/** @type {Promise<LoadedFile | null>[]} */
	const pending = [];
	let html = 0;
	try {
		const page = await context.newPage();
		page.on('response', (response) => {
			const type = response.request().resourceType();
			const url = new URL(response.url());
			if (url.origin !== origin) return;
			if (type === 'document') {
				pending.push(
					response.body().then((body) => {
						html += gzipped(body);
						return null;
					})
				);
			}
			if (type !== 'script' && type !== 'stylesheet') return;
			pending.push(
				response.body().then((body) => {
					const text = body.toString('utf8');
					return {
						path: url.pathname.slice(1),
						type: type === 'script' ? 'JS' : 'CSS',
						raw: body.length,
						gzip: gzipped(body),
						libraries: LIBRARIES.filter(([, marker]) => marker.test(text)).map(([name]) => name)
					};
				})
			);
		});
		await page.goto(`${origin}/`, { waitUntil: 'networkidle', timeout: 30_000 });
		const files = (await Promise.all(pending)).filter((f) => f !== null);
		return { files, html };
	} finally {
		await context.close();
	}
}

/**
 * Names each built file after what it holds, from Vite's client manifest, and marks what only
 * dynamic import() reaches (loaded after start, e.g. the bundled JSON data) as lazy.
 * @param {string} appDir
 */
function describeFiles(appDir) {
	const file = join(appDir, '.svelte-kit/output/client/.vite/manifest.json');
	if (!existsSync(file)) return () => ({ label: '?', lazy: false });
	/** @type {Record<string, ManifestChunk>} */
	const manifest = JSON.parse(readFileSync(file, 'utf8'));
	const eager = new Set();
	const visit = (/** @type {string} */ key) => {
		const chunk = manifest[key];
		if (!chunk || eager.has(chunk.file)) return;
		eager.add(chunk.file);
		for (const css of chunk.css ?? []) eager.add(css);
		for (const imported of chunk.imports ?? []) visit(imported);
	};
	for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

	// A stylesheet is named after the chunk that imports it, which says more than its own name.
	const labels = new Map();
	for (const [key, chunk] of Object.entries(manifest)) {
		for (const css of chunk.css ?? []) labels.set(css, labelOf(appDir, key, chunk));
	}
	for (const [key, chunk] of Object.entries(manifest)) {
		if (!labels.has(chunk.file)) labels.set(chunk.file, labelOf(appDir, key, chunk));
	}
	return (/** @type {string} */ path) => ({
		label: labels.get(path) ?? '?',
		lazy: !eager.has(path)
	});
}

/** Kit's route nodes are named by number; the generated node file says which route files. */
function labelOf(appDir, key, chunk) {
	const node = key.match(/generated\/client-optimized\/nodes\/(\d+)\.js$/);
	if (node) {
		try {
			const source = readFileSync(join(appDir, key), 'utf8');
			const routes = [...source.matchAll(/src\/routes\/([^"']+)/g)].map((m) => m[1]);
			return `route node ${node[1]}: ${[...new Set(routes)].join(', ') || 'kit default'}`;
		} catch {
			return `route node ${node[1]}`;
		}
	}
	if (key.includes('node_modules/')) return key.slice(key.lastIndexOf('node_modules/') + 13);
	if (key.startsWith('src/')) return key;
	return chunk.name ?? key;
}

/** @param {{ raw: number, gzip: number }[]} files */
const total = (files, field = 'gzip') =>
	files.reduce((sum, f) => sum + f[/** @type {'raw' | 'gzip'} */ (field)], 0);

/** @param {import('./lib/context.js').BenchContext} ctx */
export async function run(ctx) {
	const appDir = await ctx.app();
	ctx.log('building the bare SvelteKit baseline…');
	const bareDir = await buildBareKitApp(ctx.work);

	const measure = async (/** @type {string} */ dir) => {
		const server = await startNodeBuild(dir);
		try {
			return await firstVisit(ctx.browser, server.origin);
		} finally {
			await server.stop();
		}
	};
	const app = await measure(appDir);
	const bare = await measure(bareDir);
	const describe = describeFiles(appDir);
	const files = app.files
		.map((f) => ({ ...f, ...describe(f.path) }))
		.sort((a, b) => b.gzip - a.gzip);
	const eager = files.filter((f) => !f.lazy);
	const lazy = files.filter((f) => f.lazy);
	const sub = (/** @type {string} */ name, /** @type {typeof files} */ list) => [
		name,
		list.length,
		kb(total(list, 'raw')),
		kb(total(list))
	];

	return {
		title,
		what:
			'Bytes a first visit to `/` downloads before it can work: every JavaScript and CSS ' +
			'response Chromium receives while loading `/` from `node build` (adapter-node) in a fresh ' +
			'profile, until the network has been idle for 500 ms, including chunks the page imports ' +
			'lazily after start. Each file is gzipped alone at level 9 by the bench, so the figure does ' +
			'not depend on how the server compresses. Service workers are blocked, so the worker ' +
			'script and its precache are not counted. Raw baseline: the same measurement of a bare ' +
			'SvelteKit app (one `+page.svelte` saying “hello”, adapter-node) built in the same run ' +
			'with our kit, svelte and vite.',
		figures: [
			{
				name: 'App-shell first load (JS + CSS, gzip)',
				value: total(app.files),
				baseline: total(bare.files),
				unit: 'B',
				goal: { text: `≤ ${GOAL_BYTES / 1000} kB`, maxValue: GOAL_BYTES }
			}
		],
		tables: [
			{
				caption: 'Totals (kB = 1000 bytes):',
				head: ['', 'files', 'raw', 'gzip -9'],
				rows: [
					sub('Kiểm tra, all JS + CSS', files),
					sub(
						'… JS',
						files.filter((f) => f.type === 'JS')
					),
					sub(
						'… CSS',
						files.filter((f) => f.type === 'CSS')
					),
					sub('… eager (entries, route nodes, their static imports)', eager),
					sub('… lazy (reached only by dynamic import())', lazy),
					sub('bare SvelteKit app, all JS + CSS (**baseline**)', bare.files),
					['HTML document of `/`, for reference (not counted)', 1, '', `${kb(app.html)}`]
				]
			},
			{
				caption: 'Kiểm tra files, largest first:',
				head: ['File', 'Chunk', 'Libraries inside', 'Loaded', 'raw', 'gzip -9'],
				rows: files.map((f) => [
					`\`${f.path.replace(/^_app\/immutable\//, '')}\``,
					f.label,
					f.libraries.join(', '),
					f.lazy ? 'lazy' : 'eager',
					kb(f.raw),
					kb(f.gzip)
				])
			}
		],
		notes: [
			'“Chunk” is the name Vite’s client manifest gives the file: a route node’s files, a ' +
				'module, or for a shared chunk just one of the modules in it. “Libraries inside” is ' +
				'found by looking for strings that survive minification (such as `$ZodType`).'
		]
	};
}
