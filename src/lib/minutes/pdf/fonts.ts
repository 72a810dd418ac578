/**
 * Fonts reach the renderer through a loader, one call per style, so the same layout code runs in
 * the browser (same-origin font files, precached by the service worker) and in Node (files read
 * from node_modules). jsPDF needs each style registered on its own and subsets what is used.
 */
import type { jsPDF } from 'jspdf';
import { slimFont } from './font-slim';

export const FONT_FAMILY = 'Tinos';
export const FONT_STYLES = ['normal', 'bold', 'italic', 'bolditalic'] as const;
export type FontStyle = (typeof FONT_STYLES)[number];

/** The TrueType bytes of one style. */
export type FontLoader = (style: FontStyle) => Promise<Uint8Array | ArrayBuffer>;

/** Base64 per style, the form jsPDF's virtual file system takes. */
export type LoadedFonts = Record<FontStyle, string>;

function toBase64(bytes: Uint8Array): string {
	let binary = '';
	// Chunks keep String.fromCharCode under the engines' argument-count limits.
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

const cache = new WeakMap<FontLoader, Promise<LoadedFonts>>();

/** Loads the four styles once per loader; a failed load is not remembered, so a retry can work. */
export function loadFonts(loader: FontLoader): Promise<LoadedFonts> {
	let loaded = cache.get(loader);
	if (!loaded) {
		loaded = Promise.all(
			FONT_STYLES.map(async (style) => {
				const bytes = await loader(style);
				const font = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
				return [style, toBase64(slimFont(font))];
			})
		).then((entries) => Object.fromEntries(entries) as LoadedFonts);
		loaded.catch(() => cache.delete(loader));
		cache.set(loader, loaded);
	}
	return loaded;
}

export function registerFonts(doc: jsPDF, fonts: LoadedFonts): void {
	for (const style of FONT_STYLES) {
		const file = `${FONT_FAMILY}-${style}.ttf`;
		doc.addFileToVFS(file, fonts[style]);
		doc.addFont(file, FONT_FAMILY, style);
	}
	doc.setFont(FONT_FAMILY, 'normal');
}
