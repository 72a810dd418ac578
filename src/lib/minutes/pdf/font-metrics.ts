/**
 * jsPDF's subset keeps Tinos's glyph ids, so it copies the `hmtx` table whole: an advance width
 * and side bearing for each of 3,200 glyphs, about 6 KB compressed in every face of every PDF,
 * though a document uses a few hundred glyphs at most. A viewer takes advances from the PDF's
 * own /W array and never looks at the metrics of a glyph the text does not use, so at output
 * those are written as zeros, which compress to almost nothing. A used glyph, and each part of a
 * composite one (Vietnamese letters with two marks are built from parts), keeps its metrics.
 */
import type { jsPDF } from 'jspdf';
import { FONT_FAMILY, FONT_STYLES } from './fonts';

/** The parts of jsPDF's TrueType reader this relies on; its typings do not describe them. */
type TrueTypeFont = {
	glyIdsUsed: number[];
	hhea: { numberOfMetrics: number };
	hmtx: { raw(): ArrayLike<number> | null };
	subset: { glyphsFor(ids: number[]): Record<string, unknown> };
};

/** Zeroes the metrics of every glyph not in `keep`; `metrics` glyphs have four bytes, the rest two. */
export function blankUnusedMetrics(
	hmtx: ArrayLike<number>,
	metrics: number,
	keep: ReadonlySet<number>
): number[] {
	const out = Array.from(hmtx);
	const glyphs = metrics + (out.length - 4 * metrics) / 2;
	for (let glyph = 0; glyph < glyphs; glyph++) {
		if (keep.has(glyph)) continue;
		const at = glyph < metrics ? 4 * glyph : 4 * metrics + 2 * (glyph - metrics);
		out.fill(0, at, at + (glyph < metrics ? 4 : 2));
	}
	return out;
}

/** Makes each registered Tinos face write only the metrics its used glyphs need. */
export function trimFontMetrics(doc: jsPDF): void {
	for (const style of FONT_STYLES) {
		const font = (
			doc.internal as unknown as {
				getFont(name: string, style: string): { metadata?: TrueTypeFont };
			}
		).getFont(FONT_FAMILY, style).metadata;
		if (!font) continue;
		const { hmtx } = font;
		const whole = hmtx.raw.bind(hmtx);
		hmtx.raw = () => {
			const table = whole();
			if (!table) return table;
			const keep = new Set(Object.keys(font.subset.glyphsFor(font.glyIdsUsed)).map(Number));
			keep.add(0);
			return blankUnusedMetrics(table, font.hhea.numberOfMetrics, keep);
		};
	}
}
