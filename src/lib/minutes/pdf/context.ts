/**
 * What every part of the body needs: the flow, the type sizes, the document, and the shapes of
 * text the minutes use over and over (body paragraph, heading, "-" item).
 */
import type { MinutesDocument } from '../model';
import { paragraph, type Flow, type ParagraphOptions } from './flow';
import { PARAGRAPH_GAP, lineHeight, type TypeScale } from './geometry';
import type { Run } from './text';

export type Ctx = {
	flow: Flow;
	type: TypeScale;
	doc: MinutesDocument;
	/** Photo number in annex 01, by hash. */
	photoNumber: ReadonlyMap<string, number>;
};

export function body(ctx: Ctx, runs: Run[] | string, o: Partial<ParagraphOptions> = {}): void {
	paragraph(ctx.flow, runs, { size: ctx.type.body, ...o });
}

/** A heading stays on the page of what starts under it: by default, two lines of text. */
export function heading(
	ctx: Ctx,
	text: string,
	style: Run['style'] = 'bold',
	next = 2 * lineHeight(ctx.type.body) + PARAGRAPH_GAP
): void {
	paragraph(ctx.flow, [{ text, style }], {
		size: ctx.type.body,
		align: 'left',
		keepTogether: true,
		keepWithNext: next,
		gapAfter: PARAGRAPH_GAP / 2
	});
}

/** "- text" lines of a list, with ";" between items and "." after the last. */
export function listItems(items: string[]): string[] {
	return items.map((item, i) => {
		const bare = item.replace(/[;.]$/, '');
		return `- ${bare}${i === items.length - 1 ? '.' : ';'}`;
	});
}

/** Headings in a row ("III. …", "1. …") travel together with the first lines under the last. */
export function headings(ctx: Ctx, ...list: { text: string; style?: Run['style'] }[]): void {
	const size = ctx.type.body;
	const each = lineHeight(size) + PARAGRAPH_GAP / 2;
	list.forEach(({ text, style }, i) => {
		const after = (list.length - 1 - i) * each + 2 * lineHeight(size) + PARAGRAPH_GAP;
		heading(ctx, text, style ?? 'bold', after);
	});
}
