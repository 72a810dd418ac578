/**
 * Page geometry and type sizes of NĐ 30/2020 Phụ lục I (domain-vn.md §3.1), in millimetres with
 * font sizes in points. The layout code reads every measure from here, so a deployment that
 * prefers 25 mm margins or 14 pt body text changes one value, not the drawing code.
 */

export const MM_PER_PT = 25.4 / 72;

export const pt = (points: number): number => points * MM_PER_PT;

export type Margins = { top: number; bottom: number; left: number; right: number };

/** The decree's defaults: top and bottom 20–25, left 30–35, right 15–20. */
export const DEFAULT_MARGINS: Margins = { top: 20, bottom: 20, left: 30, right: 15 };

export const A4 = { width: 210, height: 297 } as const;

/**
 * The decree pairs Quốc hiệu 12 pt with Tiêu ngữ 13 pt, or 13 with 14, and never mixes the two;
 * body text is 13–14 pt. 'standard' is the 12/13 pair with 13 pt body, 'large' the 13/14 pair.
 */
export type TypeScale = {
	body: number;
	/** Quốc hiệu and the Ô2 names. */
	nationalTitle: number;
	/** Tiêu ngữ and the place/date line. */
	motto: number;
	title: number;
	pageNumber: number;
	recipientsHeading: number;
	recipients: number;
	table: number;
	caption: number;
	footer: number;
};

export const TYPE_SCALES = {
	standard: {
		body: 13,
		nationalTitle: 12,
		motto: 13,
		title: 14,
		pageNumber: 13,
		recipientsHeading: 12,
		recipients: 11,
		table: 11,
		caption: 11,
		footer: 8
	},
	large: {
		body: 14,
		nationalTitle: 13,
		motto: 14,
		title: 14,
		pageNumber: 14,
		recipientsHeading: 12,
		recipients: 11,
		table: 12,
		caption: 12,
		footer: 8
	}
} as const satisfies Record<string, TypeScale>;

export type TypeScaleName = keyof typeof TYPE_SCALES;

/**
 * Tinos's ascent and descent per em, as jsPDF writes them into the font descriptor; PDF readers
 * (and pdftotext's boxes) place glyphs by them, so the layout does too: a line whose box starts
 * at the top margin has its tallest glyph exactly there.
 */
export const FONT_ASCENT = 0.891;
export const FONT_DESCENT = 0.216;

/**
 * Line pitch as a multiple of the size: 1.25 gives 16.25 pt at 13 pt, within the decree's
 * "at least 15 pt exactly, at most 1.5 lines".
 */
export const LINE_FACTOR = 1.25;
export const TABLE_LINE_FACTOR = 1.15;
/** At least 6 pt between paragraphs. */
export const PARAGRAPH_GAP = pt(6);
/** First-line indent: 1 cm (the decree allows 1–1.27 cm). */
export const FIRST_LINE_INDENT = 10;
/** Room left blank for a wet signature between the title lines and the name (2–2.5 cm). */
export const SIGNATURE_GAP = 24;
export const RULE_WIDTH = 0.3;

export const lineHeight = (size: number, factor = LINE_FACTOR): number => pt(size) * factor;
/** From the top of a line box to its baseline. */
export const ascent = (size: number): number => pt(size) * FONT_ASCENT;
