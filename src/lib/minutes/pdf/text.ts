/**
 * Breaking styled text into lines and drawing them. Words are measured with jsPDF's metrics for
 * the embedded Tinos and broken greedily; each line is then drawn at its computed position.
 */
import type { jsPDF } from 'jspdf';
import { FONT_FAMILY, type FontStyle } from './fonts';
import { ascent } from './geometry';

export type Run = { text: string; style?: FontStyle };
export type Align = 'justify' | 'left' | 'center' | 'right';

type Piece = { text: string; style: FontStyle; width: number };
/** What a line may break between; pieces of different styles with no space in between stay glued. */
type Word = { pieces: Piece[]; width: number; spaceBefore: number };
export type Line = { words: Word[]; width: number; indent: number };

export function setFont(doc: jsPDF, style: FontStyle, size: number): void {
	doc.setFont(FONT_FAMILY, style);
	doc.setFontSize(size);
}

export function measure(doc: jsPDF, text: string, style: FontStyle, size: number): number {
	setFont(doc, style, size);
	return doc.getTextWidth(text);
}

/** Only ordinary spaces and line breaks separate words: a no-break space holds a blank open. */
const BREAKS = /[ \t\r\n]+/;

function words(doc: jsPDF, runs: Run[], size: number): Word[] {
	const out: Word[] = [];
	let pendingSpace = false;
	for (const run of runs) {
		const style = run.style ?? 'normal';
		const text = run.text.normalize('NFC');
		const parts = text.split(BREAKS);
		parts.forEach((part, i) => {
			if (i > 0) pendingSpace = true;
			if (part === '') return;
			const piece = { text: part, style, width: measure(doc, part, style, size) };
			const last = out.at(-1);
			if (last && !pendingSpace) {
				last.pieces.push(piece);
				last.width += piece.width;
			} else {
				const space = out.length === 0 ? 0 : measure(doc, ' ', style, size);
				out.push({ pieces: [piece], width: piece.width, spaceBefore: space });
			}
			pendingSpace = false;
		});
	}
	return out;
}

/** A word wider than the line (a long URL or code) is cut where it must be. */
function splitLong(doc: jsPDF, word: Word, width: number, size: number): Word[] {
	const out: Word[] = [];
	let current: Word = { pieces: [], width: 0, spaceBefore: word.spaceBefore };
	for (const piece of word.pieces) {
		for (const char of piece.text) {
			const w = measure(doc, char, piece.style, size);
			if (current.width + w > width && current.width > 0) {
				out.push(current);
				current = { pieces: [], width: 0, spaceBefore: 0 };
			}
			const last = current.pieces.at(-1);
			if (last && last.style === piece.style) {
				last.text += char;
				last.width += w;
			} else current.pieces.push({ text: char, style: piece.style, width: w });
			current.width += w;
		}
	}
	out.push(current);
	return out;
}

/** Greedy line breaking; `indent` shortens and shifts the first line only. */
export function layoutLines(
	doc: jsPDF,
	runs: Run[],
	width: number,
	size: number,
	indent = 0
): Line[] {
	const lines: Line[] = [];
	let line: Line = { words: [], width: 0, indent };
	const room = () => width - line.indent;
	for (const original of words(doc, runs, size)) {
		const parts =
			original.width > width - indent ? splitLong(doc, original, width - indent, size) : [original];
		for (const word of parts) {
			const gap = line.words.length === 0 ? 0 : word.spaceBefore;
			if (line.words.length > 0 && line.width + gap + word.width > room()) {
				lines.push(line);
				line = { words: [], width: 0, indent: 0 };
			}
			line.width += (line.words.length === 0 ? 0 : word.spaceBefore) + word.width;
			line.words.push(word);
		}
	}
	if (line.words.length > 0 || lines.length === 0) lines.push(line);
	return lines;
}

/** The line as one string when all of it is set in one style, else null. */
function plainText(line: Line): { text: string; style: FontStyle } | null {
	const style = line.words[0]?.pieces[0]?.style;
	if (!style) return null;
	const words: string[] = [];
	for (const word of line.words) {
		if (word.pieces.some((p) => p.style !== style)) return null;
		words.push(word.pieces.map((p) => p.text).join(''));
	}
	return { text: words.join(' '), style };
}

/**
 * jsPDF re-breaks a justified string wider than its maxWidth; the line already fits by the same
 * metrics, and this keeps a last-digit rounding from breaking it again.
 */
const FIT_SLACK = 1e-6;

/**
 * Draws one line whose box starts at `top`. Justified lines fill the width except the last of a
 * paragraph, which is set flush left as in any word processor.
 *
 * A line in one style is drawn by one `text()` call: jsPDF writes it as one text object, and for
 * justified lines moves from word to word inside it (with a two-byte font, PDF word spacing does
 * not apply, so jsPDF positions each word itself; the empty second line makes it justify the
 * first rather than treat it as a paragraph's last). Lines mixing styles are drawn piece by piece.
 */
export function drawLine(
	doc: jsPDF,
	line: Line,
	opts: { x: number; top: number; width: number; size: number; align: Align; isLast: boolean }
): void {
	const { size, align } = opts;
	const baseline = opts.top + ascent(size);
	const room = opts.width - line.indent;
	let x = opts.x + line.indent;
	let extra = 0;
	if (align === 'center') x += (room - line.width) / 2;
	else if (align === 'right') x += room - line.width;
	else if (align === 'justify' && !opts.isLast && line.words.length > 1) {
		extra = (room - line.width) / (line.words.length - 1);
	}
	const plain = plainText(line);
	if (plain) {
		setFont(doc, plain.style, size);
		if (extra > 0) {
			doc.text([plain.text, ''], x, baseline, { align: 'justify', maxWidth: room + FIT_SLACK });
		} else doc.text(plain.text, x, baseline);
		return;
	}
	line.words.forEach((word, i) => {
		if (i > 0) x += word.spaceBefore + extra;
		for (const piece of word.pieces) {
			setFont(doc, piece.style, size);
			doc.text(piece.text, x, baseline);
			x += piece.width;
		}
	});
}

/** The widest line of a block of text, for rules drawn under it. */
export function widestLine(lines: Line[]): number {
	return Math.max(0, ...lines.map((l) => l.width + l.indent));
}
