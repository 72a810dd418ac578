/**
 * Ruled tables whose rows are never cut across pages: a row that does not fit moves whole to the
 * next page, under a repeated header row. Only a row taller than a whole page (a very long note)
 * is split, at a line boundary, since there is no other way to print it.
 */
import type { Flow } from './flow';
import type { FontStyle } from './fonts';
import { TABLE_LINE_FACTOR, lineHeight } from './geometry';
import { drawLine, layoutLines, type Align, type Line, type Run } from './text';

export type Column = { header: string; width: number; align?: Align };
export type TableRow =
	| { kind: 'cells'; cells: (string | Run[])[] }
	/** One cell across the whole table, bold: a section title inside a checklist. */
	| { kind: 'section'; text: string };

const PAD_X = 1.5;
const PAD_Y = 1.2;
const BORDER = 0.2;

type LaidRow = {
	cells: { lines: Line[]; x: number; width: number; align: Align }[];
	height: number;
};

function runsOf(cell: string | Run[], style: FontStyle): Run[] {
	return typeof cell === 'string' ? [{ text: cell, style }] : cell;
}

function layRow(
	flow: Flow,
	columns: Column[],
	cells: { content: string | Run[]; style: FontStyle; span?: boolean; align?: Align }[],
	size: number
): LaidRow {
	const pitch = lineHeight(size, TABLE_LINE_FACTOR);
	let x = 0;
	const laid = cells.map((cell, i) => {
		const width = cell.span
			? columns.reduce((sum, c) => sum + c.width, 0)
			: (columns[i]?.width ?? 0);
		const lines = layoutLines(flow.doc, runsOf(cell.content, cell.style), width - 2 * PAD_X, size);
		const out = { lines, x, width, align: cell.align ?? columns[i]?.align ?? 'left' };
		x += width;
		return out;
	});
	const height = Math.max(...laid.map((c) => c.lines.length)) * pitch + 2 * PAD_Y;
	return { cells: laid, height };
}

function drawRow(flow: Flow, row: LaidRow, size: number, from = 0, count = Infinity): number {
	const pitch = lineHeight(size, TABLE_LINE_FACTOR);
	const shown = row.cells.map((c) => c.lines.slice(from, from + count));
	const height = Math.max(1, ...shown.map((l) => l.length)) * pitch + 2 * PAD_Y;
	const doc = flow.doc;
	doc.setLineWidth(BORDER);
	doc.setDrawColor(0);
	row.cells.forEach((cell, i) => {
		const left = flow.left + cell.x;
		doc.rect(left, flow.y, cell.width, height, 'S');
		(shown[i] ?? []).forEach((line, k) => {
			drawLine(doc, line, {
				x: left + PAD_X,
				top: flow.y + PAD_Y + k * pitch,
				width: cell.width - 2 * PAD_X,
				size,
				align: cell.align,
				isLast: true
			});
		});
	});
	flow.advance(height);
	return height;
}

export function table(
	flow: Flow,
	columns: Column[],
	rows: TableRow[],
	opts: { size: number; gapAfter?: number }
): void {
	const { size } = opts;
	const pitch = lineHeight(size, TABLE_LINE_FACTOR);
	const header = layRow(
		flow,
		columns,
		columns.map((c) => ({ content: c.header, style: 'bold' as const, align: 'center' as const })),
		size
	);
	const laid = rows.map((row) =>
		row.kind === 'section'
			? layRow(flow, columns, [{ content: row.text, style: 'bold', span: true }], size)
			: layRow(
					flow,
					columns,
					row.cells.map((content) => ({ content, style: 'normal' as const })),
					size
				)
	);
	// The header never stands alone at the foot of a page.
	flow.ensure(header.height + (laid[0]?.height ?? 0));
	drawRow(flow, header, size);
	laid.forEach((row, index) => {
		// A section title row moves with the first row under it.
		const isSection = rows[index]?.kind === 'section';
		const needed = row.height + (isSection ? (laid[index + 1]?.height ?? 0) : 0);
		if (needed > flow.remaining() && row.height <= flow.pageCapacity - header.height) {
			flow.newPage();
			drawRow(flow, header, size);
		}
		if (row.height <= flow.remaining()) {
			drawRow(flow, row, size);
			return;
		}
		// Taller than a page: print as many lines as fit, then continue under a new header.
		if (flow.remaining() < header.height + 2 * pitch) {
			flow.newPage();
			drawRow(flow, header, size);
		}
		const total = Math.max(...row.cells.map((c) => c.lines.length));
		let from = 0;
		while (from < total) {
			const fit = Math.max(1, Math.floor((flow.remaining() - 2 * PAD_Y) / pitch));
			drawRow(flow, row, size, from, fit);
			from += fit;
			if (from < total) {
				flow.newPage();
				drawRow(flow, header, size);
			}
		}
	});
	flow.advance(opts.gapAfter ?? 0);
}
