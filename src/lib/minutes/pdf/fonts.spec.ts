import { afterEach, describe, expect, it, vi } from 'vitest';
import { TINOS_FILES } from './font-files';
import { FONT_URLS, browserFontLoader } from './fonts-browser';
import { nodeFontLoader } from './fonts-node';
import { FONT_STYLES, loadFonts, type FontLoader } from './fonts';
import { slimFont } from './font-slim';

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

describe('slimFont', () => {
	const tables = (font: Uint8Array) => {
		const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
		return Array.from({ length: view.getUint16(4) }, (_, i) => {
			const at = 12 + 16 * i;
			const tag = String.fromCharCode(...font.subarray(at, at + 4));
			const offset = view.getUint32(at + 8);
			return { tag, data: font.subarray(offset, offset + view.getUint32(at + 12)) };
		});
	};

	it('drops the glyph names and keeps every other table as it was', async () => {
		const original = new Uint8Array(await nodeFontLoader('normal'));
		const slim = slimFont(original);
		expect(original.length - slim.length).toBeGreaterThan(30_000);
		const before = new Map(tables(original).map((t) => [t.tag, t.data]));
		for (const { tag, data } of tables(slim)) {
			if (tag === 'post') {
				expect(data.length).toBe(32);
				expect(new DataView(data.buffer, data.byteOffset).getUint32(0)).toBe(0x00030000);
			} else if (tag !== 'head') {
				expect([...data]).toEqual([...before.get(tag)!]);
			}
		}
	});

	it('leaves a whole-file checksum of 0xB1B0AFBA, as TrueType requires', async () => {
		const slim = slimFont(new Uint8Array(await nodeFontLoader('bolditalic')));
		const view = new DataView(slim.buffer);
		let sum = 0;
		for (let i = 0; i < slim.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
		expect(sum).toBe(0xb1b0afba);
	});

	it('passes anything that is not TrueType through untouched', () => {
		const bytes = new Uint8Array([1, 2, 3]);
		expect(slimFont(bytes)).toBe(bytes);
	});
});
