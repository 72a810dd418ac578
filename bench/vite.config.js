/**
 * Bundles bench/browser/*.ts for the browser: our real $lib code, minified as in production, in
 * one IIFE file (dynamic imports of the bundled JSON inlined) so a page can load it with a
 * single <script>. scripts/bench.js passes the entry and output directory per bundle.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
	root: fileURLToPath(new URL('.', import.meta.url)),
	publicDir: false,
	envDir: false,
	logLevel: 'warn',
	resolve: { alias: { $lib: fileURLToPath(new URL('../src/lib', import.meta.url)) } },
	build: {
		target: 'es2022',
		minify: true,
		sourcemap: false,
		reportCompressedSize: false,
		emptyOutDir: false
	}
});
