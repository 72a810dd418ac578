import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file under src/, for import checks that a lint rule cannot express per folder. */
function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sources(path);
		return /\.(ts|js|svelte)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
	});
}

const root = join(import.meta.dirname, '../../../..');
const files = sources(join(root, 'src')).map((path) => ({
	path: relative(root, path),
	text: readFileSync(path, 'utf8')
}));

describe('jsPDF stays out of the app shell', () => {
	it('is imported by the PDF renderer only', () => {
		const importers = files.filter((f) => /from\s+['"]jspdf['"]/.test(f.text)).map((f) => f.path);
		expect(importers.length).toBeGreaterThan(0);
		for (const path of importers) expect(path).toMatch(/^src\/lib\/minutes\/pdf\//);
	});

	it('is reached from outside minutes/pdf through a dynamic import only', () => {
		const statics = files.filter(
			(f) =>
				!f.path.startsWith('src/lib/minutes/pdf/') &&
				// `import type` is erased; anything else would load jsPDF with the importing module.
				/^\s*import\s+(?!type\s)[^;]*?from\s+['"](\$lib\/minutes\/pdf|\.\.?\/pdf)(\/[\w-]+)?['"]/m.test(
					f.text
				)
		);
		expect(statics.map((f) => f.path)).toEqual([]);
	});

	it('keeps the Node font loader out of browser modules', () => {
		const importers = files
			.filter((f) => /from\s+['"][^'"]*fonts-node['"]/.test(f.text))
			.map((f) => f.path);
		expect(importers.filter((p) => !p.startsWith('src/lib/minutes/pdf/test-'))).toEqual([]);
	});
});
