/**
 * The flow engine: a cursor moving down the text area, a new page when what comes next does not
 * fit, and the keep rules of an official document. Paragraphs never leave a lone first line at
 * the foot of a page or a lone last line at the head of the next, and a block can ask to stay
 * on one page with whatever must follow it (a heading with its first lines, the last lines of
 * the text with the signatures).
 */
import type { jsPDF } from 'jspdf';
import { FIRST_LINE_INDENT, PARAGRAPH_GAP, lineHeight, type Margins } from './geometry';
import { drawLine, layoutLines, type Align, type Line, type Run } from './text';

export class Flow {
	readonly doc: jsPDF;
	readonly margins: Margins;
	readonly pageHeight: number;
	readonly pageWidth: number;
	/** Room kept free at the foot of every page (the seal footer). */
	readonly footerReserve: number;
	y: number;
	#onPage: (page: number) => void;

	constructor(
		doc: jsPDF,
		page: { width: number; height: number; margins: Margins; footerReserve: number },
		onPage: (page: number) => void = () => {}
	) {
		this.doc = doc;
		this.margins = page.margins;
		this.pageWidth = page.width;
		this.pageHeight = page.height;
		this.footerReserve = page.footerReserve;
		this.y = page.margins.top;
		this.#onPage = onPage;
	}

	get left(): number {
		return this.margins.left;
	}
	get width(): number {
		return this.pageWidth - this.margins.left - this.margins.right;
	}
	get centre(): number {
		return this.left + this.width / 2;
	}
	get top(): number {
		return this.margins.top;
	}
	get bottom(): number {
		return this.pageHeight - this.margins.bottom - this.footerReserve;
	}
	get pages(): number {
		return this.doc.getNumberOfPages();
	}
	get atTop(): boolean {
		return this.y <= this.top;
	}
	/** The height a block may have and still fit on an empty page. */
	get pageCapacity(): number {
		return this.bottom - this.top;
	}

	remaining(): number {
		return this.bottom - this.y;
	}

	newPage(): void {
		this.doc.addPage('a4', 'portrait');
		this.y = this.top;
		this.#onPage(this.pages);
	}

	/** Starts a new page unless `height` fits here; on an empty page it always stays. */
	ensure(height: number): void {
		if (height > this.remaining() + 1e-6 && !this.atTop) this.newPage();
	}

	advance(height: number): void {
		this.y += height;
	}
}

export type ParagraphOptions = {
	size: number;
	align?: Align;
	/** First-line indent in mm; body paragraphs use 1 cm. */
	indent?: number;
	/** Left offset and width inside the text area, for columns. */
	x?: number;
	width?: number;
	lineFactor?: number;
	gapAfter?: number;
	/** Keep every line on one page. */
	keepTogether?: boolean;
	/** Height of what follows that must share a page with this paragraph's last lines. */
	keepWithNext?: number;
};

export function paragraphLines(flow: Flow, runs: Run[] | string, o: ParagraphOptions): Line[] {
	const list = typeof runs === 'string' ? [{ text: runs }] : runs;
	const width = o.width ?? flow.width;
	return layoutLines(flow.doc, list, width, o.size, o.indent ?? FIRST_LINE_INDENT);
}

export function paragraphHeight(flow: Flow, runs: Run[] | string, o: ParagraphOptions): number {
	const pitch = lineHeight(o.size, o.lineFactor);
	return paragraphLines(flow, runs, o).length * pitch + (o.gapAfter ?? PARAGRAPH_GAP);
}

export function paragraph(flow: Flow, runs: Run[] | string, o: ParagraphOptions): void {
	const lines = paragraphLines(flow, runs, o);
	const pitch = lineHeight(o.size, o.lineFactor);
	const n = lines.length;
	const next = o.keepWithNext ?? 0;
	const tailStart = Math.max(0, n - 2);
	// Two lines at least start a page's last paragraph and end on the next; three lines or fewer
	// cannot be split that way, so they move whole.
	const head = o.keepTogether || n <= 3 ? n : 2;
	lines.forEach((line, i) => {
		if (i === 0) flow.ensure(head * pitch + (head === n ? next : 0));
		else if (i === tailStart) flow.ensure((n - i) * pitch + next);
		else flow.ensure(pitch);
		drawLine(flow.doc, line, {
			x: flow.left + (o.x ?? 0),
			top: flow.y,
			width: o.width ?? flow.width,
			size: o.size,
			align: o.align ?? 'justify',
			isLast: i === n - 1
		});
		flow.advance(pitch);
	});
	flow.advance(o.gapAfter ?? PARAGRAPH_GAP);
}

/** A horizontal rule centred on `centre`, as under the Tiêu ngữ and the title. */
export function rule(doc: jsPDF, centre: number, y: number, length: number, width: number): void {
	doc.setLineWidth(width);
	doc.setDrawColor(0);
	doc.line(centre - length / 2, y, centre + length / 2, y);
}
