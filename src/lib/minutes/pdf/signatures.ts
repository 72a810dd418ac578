/**
 * Signature blocks (Ô7/Ô8), two to a row in list order: role and title in bold capitals, the
 * signature (the drawn image, "(Không ký)" for a refusal, or blank room for a wet signature),
 * then the name in bold. Each row is kept whole; the closing paragraph keeps room for the first
 * row on its page, later rows may start a new one.
 */
import { upper } from '../format';
import type { SignatureBlock } from '../model';
import { REFUSED_MARK } from '../texts';
import type { Ctx } from './context';
import { SIGNATURE_GAP, lineHeight } from './geometry';
import { drawLine, layoutLines, type Line } from './text';

const ROW_GAP = 6;
const COLUMN_PAD = 2;

type LaidBlock = { block: SignatureBlock; titleLines: Line[]; nameLines: Line[] };
/** Blocks side by side share the signature room and the name line, as in a printed form. */
type Row = { blocks: LaidBlock[]; titleLines: number; nameLines: number; height: number };

function layBlock(ctx: Ctx, block: SignatureBlock, width: number): LaidBlock {
	const size = ctx.type.body;
	const doc = ctx.flow.doc;
	const titles = [block.role, block.title].filter((t) => t !== '').map(upper);
	const titleLines = titles.flatMap((t) =>
		layoutLines(doc, [{ text: t, style: 'bold' }], width, size, 0)
	);
	const nameLines = block.name
		? layoutLines(doc, [{ text: block.name, style: 'bold' }], width, size, 0)
		: [];
	return { block, titleLines, nameLines };
}

function rows(ctx: Ctx): Row[] {
	const width = ctx.flow.width / 2 - 2 * COLUMN_PAD;
	const pitch = lineHeight(ctx.type.body);
	const laid = ctx.doc.signatures.map((b) => layBlock(ctx, b, width));
	const out: Row[] = [];
	for (let i = 0; i < laid.length; i += 2) {
		const blocks = laid.slice(i, i + 2);
		const titleLines = Math.max(...blocks.map((b) => b.titleLines.length));
		const nameLines = Math.max(1, ...blocks.map((b) => b.nameLines.length));
		const height = (titleLines + nameLines) * pitch + SIGNATURE_GAP + ROW_GAP;
		out.push({ blocks, titleLines, nameLines, height });
	}
	return out;
}

/** The first row's height, which the closing paragraph keeps on its page. */
export function firstSignatureRowHeight(ctx: Ctx): number {
	return rows(ctx)[0]?.height ?? 0;
}

function drawSignature(ctx: Ctx, b: SignatureBlock, x: number, width: number, top: number): void {
	const doc = ctx.flow.doc;
	const s = b.signature;
	if (s.status === 'signed') {
		const props = doc.getImageProperties(s.image);
		const maxW = width * 0.7;
		const maxH = SIGNATURE_GAP - 4;
		const scale = Math.min(maxW / props.width, maxH / props.height);
		const w = props.width * scale;
		const h = props.height * scale;
		const left = x + (width - w) / 2;
		doc.addImage(s.image, 'PNG', left, top + (SIGNATURE_GAP - h) / 2, w, h, `sig-${b.id}`, 'FAST');
	} else if (s.status === 'refused') {
		const size = ctx.type.body;
		const line = layoutLines(doc, [{ text: REFUSED_MARK, style: 'italic' }], width, size, 0);
		const y = top + (SIGNATURE_GAP - lineHeight(size)) / 2;
		line.forEach((l) =>
			drawLine(doc, l, { x, top: y, width, size, align: 'center', isLast: true })
		);
	}
}

function drawBlock(ctx: Ctx, row: Row, laid: LaidBlock, column: number): void {
	const flow = ctx.flow;
	const size = ctx.type.body;
	const pitch = lineHeight(size);
	const width = flow.width / 2 - 2 * COLUMN_PAD;
	const x = flow.left + column * (flow.width / 2) + COLUMN_PAD;
	const draw = (line: Line, top: number) =>
		drawLine(flow.doc, line, { x, top, width, size, align: 'center', isLast: true });
	laid.titleLines.forEach((line, i) => draw(line, flow.y + i * pitch));
	const signatureTop = flow.y + row.titleLines * pitch;
	drawSignature(ctx, laid.block, x, width, signatureTop);
	const nameTop = signatureTop + SIGNATURE_GAP;
	laid.nameLines.forEach((line, i) => draw(line, nameTop + i * pitch));
}

export function drawSignatures(ctx: Ctx): void {
	for (const row of rows(ctx)) {
		// The closing paragraph already made room for the first row; each row stays whole.
		ctx.flow.ensure(row.height);
		row.blocks.forEach((laid, column) => drawBlock(ctx, row, laid, column));
		ctx.flow.advance(row.height);
	}
}
