/**
 * `npm start`: builds when the build is missing or older than the sources, then serves the
 * production build (adapter-node) on PORT, default 3000.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const marker = join(root, 'build', 'index.js');

function newestMtime(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

const inputs = ['src', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts']
	.map((p) => join(root, p))
	.filter(existsSync);
const stale =
	!existsSync(marker) || Math.max(...inputs.map(newestMtime)) > statSync(marker).mtimeMs;

if (stale) {
	console.log('Kiểm tra: building the production bundle (first start or sources changed)…');
	execSync('npx vite build', { cwd: root, stdio: 'inherit' });
}

process.env.PORT ??= '3000';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// adapter-node refuses request bodies over 512 KB by default; a photo upload is up to 15 MB and
// a signed minutes' PDF up to 60 MB (one with 40 photos is about 25 MB).
process.env.BODY_SIZE_LIMIT ??= '64M';
console.log(`Kiểm tra: serving on ${process.env.ORIGIN}`);
await import(marker);
