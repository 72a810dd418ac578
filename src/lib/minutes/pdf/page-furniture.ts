/**
 * What every page carries once the content is laid out: the page number, centred in the top
 * margin from page 2 on (NĐ 30), and, on sealed minutes, the seal footer with the short hash,
 * the verification address and the QR code. The seal is made elsewhere (minutes/seal); this
 * only draws what it is given.
 */
import type { jsPDF } from 'jspdf';
import { SEAL_TEXTS } from '../texts';
import type { Flow } from './flow';
import { FONT_ASCENT, FONT_DESCENT, RULE_WIDTH, lineHeight, pt, type TypeScale } from './geometry';
import { drawLine, layoutLines } from './text';

/** The seal as the layout needs it; drawn on every page when given. */
export type SealFooter = {
	/** Short form of the content hash, printed as is (e.g. the first 16 hex digits). */
	shortHash: string;
	/** The verification address the QR code encodes, printed under the hash. */
	url: string;
	/** QR modules row by row, true = dark, without the quiet zone. */
	qr: boolean[][];
	/** The full content hash, written into the file's metadata (Keywords) when given. */
	sha256?: string;
};

/**
 * The printed QR side: a typical verification link gives a 49-module symbol, about 0.45 mm a
 * module at this size, which phone cameras read off paper.
 */
export const QR_SIZE = 22;
/** Light modules the QR standard wants around the symbol (ISO/IEC 18004). */
const QUIET_MODULES = 4;

function quietZone(seal: SealFooter): number {
	return (QUIET_MODULES * QR_SIZE) / Math.max(1, seal.qr.length);
}

/** Height the seal takes from the foot of the text area: the QR and its quiet zone. */
export function sealBand(seal: SealFooter): number {
	return QR_SIZE + 2 * quietZone(seal);
}

/** Baseline that puts the number's glyph box centred in the top margin. */
function pageNumberBaseline(top: number, size: number): number {
	return top / 2 + (pt(size) * (FONT_ASCENT - FONT_DESCENT)) / 2;
}

function drawPageNumber(flow: Flow, page: number, size: number): void {
	const text = String(page);
	const lines = layoutLines(flow.doc, [{ text }], flow.width, size, 0);
	const top = pageNumberBaseline(flow.top, size) - pt(size) * FONT_ASCENT;
	lines.forEach((line) =>
		drawLine(flow.doc, line, {
			x: flow.left,
			top,
			width: flow.width,
			size,
			align: 'center',
			isLast: true
		})
	);
}

/** Dark modules as one rectangle per horizontal run, which keeps the page stream small. */
export function drawQr(doc: jsPDF, qr: boolean[][], x: number, y: number, size: number): void {
	const n = qr.length;
	if (n === 0) return;
	const m = size / n;
	doc.setFillColor(0, 0, 0);
	qr.forEach((row, r) => {
		let c = 0;
		while (c < row.length) {
			if (!row[c]) {
				c++;
				continue;
			}
			const start = c;
			while (c < row.length && row[c]) c++;
			doc.rect(x + start * m, y + r * m, (c - start) * m, m, 'F');
		}
	});
}

/** The text sits left of the QR; nothing, not even the rule, enters the quiet zone. */
export function sealTextWidth(flow: Flow, seal: SealFooter): number {
	return flow.width - QR_SIZE - quietZone(seal) - 2;
}

function drawSeal(flow: Flow, seal: SealFooter, type: TypeScale): void {
	const doc = flow.doc;
	const quiet = quietZone(seal);
	const bandTop = flow.bottom;
	const width = sealTextWidth(flow, seal);
	doc.setLineWidth(RULE_WIDTH / 2);
	doc.setDrawColor(0);
	doc.line(flow.left, bandTop + quiet, flow.left + width, bandTop + quiet);
	placeQr(doc, flow.left + flow.width - QR_SIZE, bandTop + quiet);
	const size = type.footer;
	let y = bandTop + quiet + 1.5;
	for (const [text, style] of [
		[SEAL_TEXTS.hash(seal.shortHash), 'bold'],
		[SEAL_TEXTS.url(seal.url), 'normal'],
		[SEAL_TEXTS.disclaimer, 'italic']
	] as const) {
		for (const line of layoutLines(doc, [{ text, style }], width, size, 0)) {
			drawLine(doc, line, { x: flow.left, top: y, width, size, align: 'left', isLast: true });
			y += lineHeight(size, 1.15);
		}
	}
}

const QR_FORM = 'seal-qr';

/**
 * The QR code is drawn once, as a form XObject, and every page refers to it: redrawn on each of
 * a long document's pages, its hundreds of squares would weigh more than the text.
 */
function makeQrForm(doc: jsPDF, qr: boolean[][]): void {
	// jsPDF takes a form's box in points, then draws inside it in the document's unit (mm).
	const side = QR_SIZE * doc.internal.scaleFactor;
	doc.beginFormObject(0, 0, side, side, doc.unitMatrix);
	drawQr(doc, qr, 0, 0, QR_SIZE);
	doc.endFormObject(QR_FORM);
}

/** Places the QR form with its top-left corner at (x, y) mm from the page's top-left. */
function placeQr(doc: jsPDF, x: number, y: number): void {
	const k = doc.internal.scaleFactor;
	const pageHeight = doc.internal.pageSize.getHeight();
	doc.doFormObject(QR_FORM, doc.Matrix(1, 0, 0, 1, x * k, (pageHeight - y - QR_SIZE) * k));
}

export function drawPageFurniture(flow: Flow, type: TypeScale, seal: SealFooter | null): void {
	const pages = flow.pages;
	if (seal) makeQrForm(flow.doc, seal.qr);
	for (let page = 1; page <= pages; page++) {
		flow.doc.setPage(page);
		if (page >= 2) drawPageNumber(flow, page, type.pageNumber);
		if (seal) drawSeal(flow, seal, type);
	}
}
