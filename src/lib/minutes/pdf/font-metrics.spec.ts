import { describe, expect, it } from 'vitest';
import { blankUnusedMetrics, trimFontMetrics } from './font-metrics';
import { FONT_FAMILY } from './fonts';
import { pdfString, testDocument } from './test-doc';

type Metadata = {
	characterToGlyph(code: number): number;
	hmtx: { raw(): ArrayLike<number> };
	hhea: { numberOfMetrics: number };
	subset: { glyphsFor(ids: number[]): Record<string, unknown> };
};

/** The `hmtx` table of the one TrueType file embedded in an uncompressed PDF. */
function embeddedHmtx(pdf: string): number[] {
	const start = pdf.indexOf('stream', pdf.indexOf('/Length1')) + 'stream\n'.length;
	const font = pdf.slice(start, pdf.indexOf('endstream', start));
	const u16 = (at: number) => (font.charCodeAt(at) << 8) | font.charCodeAt(at + 1);
	const u32 = (at: number) => u16(at) * 65536 + u16(at + 2);
	for (let i = 0; i < u16(4); i++) {
		const entry = 12 + 16 * i;
		if (font.slice(entry, entry + 4) !== 'hmtx') continue;
		const offset = u32(entry + 8);
		return [...font.slice(offset, offset + u32(entry + 12))].map((c) => c.charCodeAt(0));
	}
	throw new Error('no hmtx table');
}

describe('blankUnusedMetrics', () => {
	it('zeroes the four-byte metrics and the two-byte side bearings of glyphs not kept', () => {
		// Two full metrics (glyphs 0, 1), then side bearings only (glyphs 2, 3).
		const table = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
		expect(blankUnusedMetrics(table, 2, new Set([0, 3]))).toEqual([
			1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 11, 12
		]);
		expect(table[4]).toBe(5);
	});
});

describe('trimFontMetrics', () => {
	it('writes the metrics of used glyphs and their parts as they were, and zeros for the rest', async () => {
		const doc = await testDocument();
		const font = (
			doc.internal as unknown as { getFont(n: string, s: string): { metadata: Metadata } }
		).getFont(FONT_FAMILY, 'normal').metadata;
		const original = Array.from(font.hmtx.raw());
		trimFontMetrics(doc);
		doc.text('Kiểm tra việc niêm yết', 20, 20);

		const hmtx = embeddedHmtx(pdfString(doc));
		expect(hmtx).toHaveLength(original.length);
		const metrics = font.hhea.numberOfMetrics;
		const bytesOf = (table: number[], glyph: number) => table.slice(4 * glyph, 4 * glyph + 4);
		const used = [...'Kiểm tra việc niêm yết'].map((c) => font.characterToGlyph(c.charCodeAt(0)));
		const kept = new Set([0, ...Object.keys(font.subset.glyphsFor(used)).map(Number)]);
		expect(kept.size).toBeGreaterThan(new Set(used).size);
		for (const glyph of kept) expect(bytesOf(hmtx, glyph)).toEqual(bytesOf(original, glyph));
		const unused = font.characterToGlyph('Z'.charCodeAt(0));
		expect(bytesOf(original, unused)).not.toEqual([0, 0, 0, 0]);
		expect(bytesOf(hmtx, unused)).toEqual([0, 0, 0, 0]);
		const blank = Array.from({ length: metrics }, (_, g) => g).filter((g) => !kept.has(g));
		expect(blank.every((g) => bytesOf(hmtx, g).every((b) => b === 0))).toBe(true);
	});
});
