/**
 * `npm run minutes:sample -- out.pdf`: renders the sample minutes (tests/fixtures/minutes) to a
 * PDF in Node, with the same layout code the browser runs, so the layout can be checked without
 * a browser. Node 20 cannot load TypeScript itself; Vite's SSR loader compiles the modules on the
 * fly (no config file, no SvelteKit plugin: the minutes code needs only the $lib alias).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? 'minutes-sample.pdf');

const server = await createServer({
	root,
	configFile: false,
	logLevel: 'error',
	appType: 'custom',
	server: { middlewareMode: true, hmr: false, ws: false },
	optimizeDeps: { noDiscovery: true, include: [] },
	resolve: {
		alias: { $lib: `${root}src/lib`, $fixtures: `${root}tests/fixtures` }
	}
});

try {
	const { sampleMinutes } = await server.ssrLoadModule('/tests/fixtures/minutes/sample.ts');
	const { renderMinutesPdf } = await server.ssrLoadModule('/src/lib/minutes/pdf/index.ts');
	const { nodeFontLoader } = await server.ssrLoadModule('/src/lib/minutes/pdf/fonts-node.ts');
	const { doc, photos } = sampleMinutes();
	const bytesByHash = new Map(photos.map((p) => [p.photo.sha256, p.bytes]));
	const started = performance.now();
	let pages = 0;
	const pdf = await renderMinutesPdf(doc, {
		fonts: nodeFontLoader,
		photos: async (sha256) => {
			const bytes = bytesByHash.get(sha256);
			if (!bytes) throw new Error(`no photo ${sha256}`);
			return bytes;
		},
		onProgress: (p) => (pages = p.pages)
	});
	mkdirSync(dirname(out), { recursive: true });
	writeFileSync(out, pdf);
	const photoBytes = photos.reduce((sum, p) => sum + p.bytes.length, 0);
	const ms = Math.round(performance.now() - started);
	console.log(
		`${out}: ${pages} pages, ${(pdf.length / 1024).toFixed(1)} KB ` +
			`(${photos.length} photos, ${(photoBytes / 1024).toFixed(1)} KB of JPEG), ${ms} ms`
	);
} finally {
	await server.close();
}
