/** What the figures were measured on: they only compare with figures from the same machine. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ROOT } from './paths.js';

const PACKAGES = [
	'@sveltejs/kit',
	'svelte',
	'dexie',
	'zod',
	'vite',
	'@sveltejs/adapter-node',
	'@playwright/test'
];

function installedVersion(name) {
	try {
		const file = new URL(`node_modules/${name}/package.json`, `file://${ROOT}/`);
		return JSON.parse(readFileSync(file, 'utf8')).version;
	} catch {
		return 'not installed';
	}
}

/** @param {string} chromiumVersion from browser.version(), once a browser was launched */
export function describeMachine(chromiumVersion) {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
		os: `${os.type()} ${os.release()} (${os.arch()})`,
		node: process.version,
		chromium: chromiumVersion,
		packages: Object.fromEntries(PACKAGES.map((name) => [name, installedVersion(name)]))
	};
}
