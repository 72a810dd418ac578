/**
 * Everything a bench needs built. Builds land in a temporary directory, never in the working
 * tree: the app is built from a snapshot copy so that a developer editing src/ or running the
 * e2e suite against build/ at the same time neither disturbs nor is disturbed by a bench run.
 */
import { execSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { track } from './cleanup.js';
import { BENCH_DIR, ROOT } from './paths.js';

/** What `npx vite build` reads in this repository; tests/ and bench/ are not part of the app. */
const APP_INPUTS = [
	'src',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'package.json'
];

/**
 * @param {string} cwd
 * @param {Record<string, string>} [env]
 */
function viteBuild(cwd, env = {}) {
	return new Promise((resolve, reject) => {
		// Its own process group, so that stopping it also stops the vite that npx started.
		const child = spawn('npx', ['vite', 'build'], {
			cwd,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true
		});
		const exited = new Promise((done) => child.once('exit', done));
		const stop = track(async () => {
			if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
			const group = -child.pid;
			process.kill(group, 'SIGTERM');
			const timer = setTimeout(() => process.kill(group, 'SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			void stop();
			if (code === 0) resolve(undefined);
			else {
				const how = signal ? `signal ${signal}` : `exit ${code}`;
				reject(new Error(`vite build failed in ${cwd} (${how}):\n${output.slice(-4000)}`));
			}
		});
	});
}

/** Our own node_modules, so the copies build with exactly the installed versions. */
function linkNodeModules(dir) {
	symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/**
 * The production build of the app as it is in the working tree now.
 * @param {string} work temporary directory of this run
 * @returns {Promise<string>} directory holding build/ (run it with `node build` there)
 */
export async function buildApp(work) {
	const dir = join(work, 'app');
	mkdirSync(dir, { recursive: true });
	for (const input of APP_INPUTS) {
		const from = join(ROOT, input);
		if (existsSync(from)) cpSync(from, join(dir, input), { recursive: true });
	}
	linkNodeModules(dir);
	await viteBuild(dir, { APP_VERSION: appVersion() });
	return dir;
}

/**
 * The version svelte.config.js would stamp in the working tree: the copy is outside the git
 * repository, where it would fall back to "dev".
 */
function appVersion() {
	if (process.env.APP_VERSION) return process.env.APP_VERSION;
	try {
		return execSync('git rev-parse --short HEAD', {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'ignore']
		})
			.toString()
			.trim();
	} catch {
		return 'dev';
	}
}

/**
 * The raw baseline for the app shell: the smallest SvelteKit app there is (one page saying
 * "hello"), with adapter-node and the same kit, svelte and vite.
 * @param {string} work
 */
export async function buildBareKitApp(work) {
	const dir = join(work, 'bare-kit');
	const files = {
		'package.json': JSON.stringify({ name: 'bare-kit', private: true, type: 'module' }),
		'svelte.config.js': [
			"import adapter from '@sveltejs/adapter-node';",
			'export default { kit: { adapter: adapter() } };'
		].join('\n'),
		'vite.config.js': [
			"import { sveltekit } from '@sveltejs/kit/vite';",
			"import { defineConfig } from 'vite';",
			'export default defineConfig({ plugins: [sveltekit()] });'
		].join('\n'),
		'src/app.html': [
			'<!doctype html>',
			'<html lang="en">',
			'\t<head>',
			'\t\t<meta charset="utf-8" />',
			'\t\t<meta name="viewport" content="width=device-width, initial-scale=1" />',
			'\t\t%sveltekit.head%',
			'\t</head>',
			'\t<body>',
			'\t\t<div style="display: contents">%sveltekit.body%</div>',
			'\t</body>',
			'</html>'
		].join('\n'),
		'src/routes/+page.svelte': '<h1>hello</h1>\n'
	};
	for (const [name, content] of Object.entries(files)) {
		mkdirSync(join(dir, name, '..'), { recursive: true });
		writeFileSync(join(dir, name), content);
	}
	linkNodeModules(dir);
	await viteBuild(dir);
	return dir;
}

/**
 * Bundles bench/browser/<name>.ts into <outDir>/<name>.js (IIFE exposing `globalName`).
 * @param {string} name
 * @param {string} outDir
 * @param {string} globalName
 */
export async function buildBrowserBundle(name, outDir, globalName) {
	await build({
		configFile: join(BENCH_DIR, 'vite.config.js'),
		build: {
			outDir,
			lib: {
				entry: join(BENCH_DIR, 'browser', `${name}.ts`),
				formats: ['iife'],
				name: globalName,
				fileName: () => `${name}.js`
			}
		}
	});
	return join(outDir, `${name}.js`);
}
