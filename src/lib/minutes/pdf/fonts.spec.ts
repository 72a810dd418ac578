import { afterEach, describe, expect, it, vi } from 'vitest';
import { TINOS_FILES } from './font-files';
import { FONT_URLS, browserFontLoader } from './fonts-browser';
import { nodeFontLoader } from './fonts-node';
import { FONT_STYLES, loadFonts, type FontLoader } from './fonts';

const TRUETYPE = [0x00, 0x01, 0x00, 0x00];

describe('font loaders', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('reads the four Tinos TrueType files in Node', async () => {
		for (const style of FONT_STYLES) {
			const bytes = new Uint8Array(await nodeFontLoader(style));
			expect([...bytes.subarray(0, 4)], style).toEqual(TRUETYPE);
			expect(bytes.length).toBeGreaterThan(400_000);
		}
	});

	it('has the browser fetch the same files, as same-origin build assets', async () => {
		for (const style of FONT_STYLES) {
			expect(FONT_URLS[style].startsWith('/')).toBe(true);
			expect(FONT_URLS[style].split('?')[0]).toMatch(
				new RegExp(`${TINOS_FILES[style].split('/')[1]}$`)
			);
		}
		const fetch = vi.fn(async () => new Response(new Uint8Array(TRUETYPE)));
		vi.stubGlobal('fetch', fetch);
		expect(new Uint8Array(await browserFontLoader('bold'))).toEqual(new Uint8Array(TRUETYPE));
		expect(fetch).toHaveBeenCalledWith(FONT_URLS.bold);
	});

	it('says which style failed when a font cannot be fetched', async () => {
		vi.stubGlobal('fetch', async () => new Response('', { status: 404 }));
		await expect(browserFontLoader('italic')).rejects.toThrow('font italic: HTTP 404');
	});

	it('loads each style once per loader, and tries again after a failure', async () => {
		let calls = 0;
		let failing = true;
		const loader: FontLoader = async () => {
			calls++;
			if (failing) throw new Error('offline');
			return new Uint8Array([104, 105]);
		};
		await expect(loadFonts(loader)).rejects.toThrow('offline');
		failing = false;
		const fonts = await loadFonts(loader);
		expect(fonts.normal).toBe(btoa('hi'));
		const before = calls;
		await loadFonts(loader);
		expect(calls).toBe(before);
	});
});
