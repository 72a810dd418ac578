/**
 * The raw side of the minutes bench: what the renderer drew, recorded once, and a plain jsPDF
 * document that draws the same thing with none of our code (no layout engine, no model, no photo
 * check): the floor under "a PDF of these pages and images".
 *
 * Recording hooks jsPDF's "initialized" event, which every new document publishes with the
 * document as `this`, and wraps the document's own drawing methods; nothing in the renderer
 * changes. The hook is removed once the recorded document is made.
 */
import { jsPDF } from 'jspdf';

type Style = 'normal' | 'bold' | 'italic' | 'bolditalic';
export type Op =
	| { op: 'text'; text: string; x: number; y: number; style: string; size: number }
	| { op: 'rect'; x: number; y: number; w: number; h: number; fill: string | null }
	| { op: 'line'; x1: number; y1: number; x2: number; y2: number }
	| {
			op: 'image';
			data: string | Uint8Array;
			format: string;
			x: number;
			y: number;
			w: number;
			h: number;
			alias: string;
	  };
/** What a document drew, page by page, in drawing order within each page. */
export type Recording = { pages: Op[][] };

type Handler = [string, (this: jsPDF) => void];
const events = (jsPDF.API as unknown as { events: Handler[] }).events;

/** Runs `make` with `hook` applied to every jsPDF document created meanwhile. */
export async function withHook<T>(hook: (doc: jsPDF) => void, make: () => Promise<T>): Promise<T> {
	const entry: Handler = [
		'initialized',
		function (this: jsPDF) {
			hook(this);
		}
	];
	events.push(entry);
	try {
		return await make();
	} finally {
		events.splice(events.indexOf(entry), 1);
	}
}

type Loose = (...args: unknown[]) => unknown;

/** Replaces doc[name] with a wrapper that sees the arguments before the original runs. */
export function wrap(doc: jsPDF, name: keyof jsPDF, before: (args: unknown[]) => void): void {
	const target = doc as unknown as Record<string, Loose>;
	const original = target[name] as Loose;
	target[name] = function (...args: unknown[]) {
		before(args);
		return original.apply(doc, args);
	};
}

/** Adds the time spent inside doc[name] to totals[name]. */
export function timeCalls(
	doc: jsPDF,
	names: (keyof jsPDF)[],
	totals: Record<string, number>
): void {
	const target = doc as unknown as Record<string, Loose>;
	for (const name of names) {
		const original = target[name] as Loose;
		totals[name] ??= 0;
		target[name] = function (...args: unknown[]) {
			const start = performance.now();
			try {
				return original.apply(doc, args);
			} finally {
				totals[name] = (totals[name] ?? 0) + performance.now() - start;
			}
		};
	}
}

/** Records every text, rect, line and image call of the documents `make` creates. */
export async function record(make: () => Promise<unknown>): Promise<Recording> {
	const pages: Op[][] = [];
	await withHook(
		(doc) => {
			const push = (op: Op) => {
				const page = doc.getCurrentPageInfo().pageNumber;
				while (pages.length < page) pages.push([]);
				pages[page - 1]?.push(op);
			};
			const num = (v: unknown) => Number(v);
			wrap(doc, 'text', ([text, x, y]) => {
				const font = doc.getFont();
				// A justified line comes as [line, ''] (see drawLine); the raw document sets it plain.
				const line = Array.isArray(text) ? text.filter(Boolean).join(' ') : String(text);
				push({ op: 'text', text: line, x: num(x), y: num(y), ...fontOf(doc, font) });
			});
			wrap(doc, 'rect', ([x, y, w, h, fill]) =>
				push({ op: 'rect', x: num(x), y: num(y), w: num(w), h: num(h), fill: fill as string })
			);
			wrap(doc, 'line', ([x1, y1, x2, y2]) =>
				push({ op: 'line', x1: num(x1), y1: num(y1), x2: num(x2), y2: num(y2) })
			);
			wrap(doc, 'addImage', ([data, format, x, y, w, h, alias]) =>
				push({
					op: 'image',
					data: data as string | Uint8Array,
					format: String(format),
					x: num(x),
					y: num(y),
					w: num(w),
					h: num(h),
					alias: String(alias)
				})
			);
			wrap(doc, 'output', () => {
				while (pages.length < doc.getNumberOfPages()) pages.push([]);
			});
		},
		async () => void (await make())
	);
	return { pages };
}

function fontOf(doc: jsPDF, font: { fontStyle: string }) {
	return { style: font.fontStyle, size: doc.getFontSize() };
}

/**
 * The same text as lines: consecutive pieces on one baseline in one face and size become one
 * string, joined by a space, drawn at the first piece's position. The renderer draws a line that
 * mixes faces piece by piece; a plain document would draw each run of one face with one call.
 */
export function asLines(recording: Recording): Recording {
	return {
		pages: recording.pages.map((ops) => {
			const out: Op[] = [];
			for (const op of ops) {
				const last = out.at(-1);
				if (
					op.op === 'text' &&
					last?.op === 'text' &&
					last.y === op.y &&
					last.style === op.style &&
					last.size === op.size
				) {
					last.text += ` ${op.text}`;
				} else out.push(op.op === 'text' ? { ...op } : op);
			}
			return out;
		})
	};
}

export function textCalls(recording: Recording): { calls: number; chars: number } {
	const texts = recording.pages.flat().filter((op) => op.op === 'text');
	return { calls: texts.length, chars: texts.reduce((n, op) => n + op.text.length, 0) };
}

function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

/**
 * The raw document: the same jsPDF, the given font files registered as the four Tinos faces,
 * compress on, the recorded pages drawn with plain calls, then the file's bytes.
 */
export function rawPdf(recording: Recording, fonts: Record<Style, Uint8Array>): Uint8Array {
	const pdf = new jsPDF({
		unit: 'mm',
		format: 'a4',
		orientation: 'portrait',
		compress: true,
		putOnlyUsedFonts: true
	});
	for (const style of ['normal', 'bold', 'italic', 'bolditalic'] as const) {
		pdf.addFileToVFS(`Tinos-${style}.ttf`, toBase64(fonts[style]));
		pdf.addFont(`Tinos-${style}.ttf`, 'Tinos', style);
	}
	let style = '';
	let size = 0;
	recording.pages.forEach((ops, i) => {
		if (i > 0) pdf.addPage();
		for (const op of ops) {
			if (op.op === 'text') {
				if (op.style !== style) pdf.setFont('Tinos', (style = op.style));
				if (op.size !== size) pdf.setFontSize((size = op.size));
				pdf.text(op.text, op.x, op.y);
			} else if (op.op === 'rect') pdf.rect(op.x, op.y, op.w, op.h, op.fill);
			else if (op.op === 'line') pdf.line(op.x1, op.y1, op.x2, op.y2);
			else pdf.addImage(op.data, op.format, op.x, op.y, op.w, op.h, op.alias, 'FAST');
		}
	});
	return new Uint8Array(pdf.output('arraybuffer'));
}
