/**
 * Part III: strengths, shortcomings grouped by checklist section as points a), b), c)… with the
 * item, description, legal basis and photo numbers, and the figures table.
 */
import type { FigureRow, MinutesFinding } from '../model';
import * as texts from '../texts';
import { body, heading, headings, type Ctx } from './context';
import { PARAGRAPH_GAP, TABLE_LINE_FACTOR, lineHeight } from './geometry';
import { table, type Column } from './table';
import type { Run } from './text';

/** Vietnamese point letters: the alphabet without f, j, w, z, and đ after d. */
const POINTS = 'a b c d đ e g h i k l m n o p q r s t u v x y'.split(' ');

export function pointLetter(index: number): string {
	return POINTS[index] ?? String(index + 1);
}

export function findingRuns(
	finding: MinutesFinding,
	photoNumber: ReadonlyMap<string, number>
): Run[] {
	const runs: Run[] = [{ text: '- ' }];
	if (finding.itemId) runs.push({ text: `Tiêu chí ${finding.itemId}: `, style: 'bold' });
	runs.push({ text: texts.withFullStop(finding.description) });
	if (finding.legalBasis) {
		runs.push({ text: ` Căn cứ: ${texts.withFullStop(finding.legalBasis)}`, style: 'italic' });
	}
	const numbers = finding.photoRefs
		.map((sha) => photoNumber.get(sha))
		.filter((n): n is number => n !== undefined)
		.sort((a, b) => a - b);
	if (numbers.length > 0) runs.push({ text: ` ${texts.photoRefText(numbers)}` });
	return runs;
}

/** A header row and a first row of the figures table, roughly: what a heading must stay with. */
function tableStart(ctx: Ctx): number {
	return 2 * (lineHeight(ctx.type.table, TABLE_LINE_FACTOR) + 2.4) + 2 * lineHeight(ctx.type.table);
}

export function figuresTable(ctx: Ctx, rows: FigureRow[]): void {
	const width = ctx.flow.width;
	const [code, label, value] = texts.TABLE_HEADERS.figures;
	const columns: Column[] = [
		{ header: code, width: 16, align: 'center' },
		{ header: label, width: width - 16 - 32 },
		{ header: value, width: 32, align: 'center' }
	];
	table(
		ctx.flow,
		columns,
		rows.map((r) => ({ kind: 'cells', cells: [r.code, r.label, r.value] })),
		{ size: ctx.type.table, gapAfter: PARAGRAPH_GAP }
	);
}

export function drawResults(ctx: Ctx): void {
	const { results } = ctx.doc;
	headings(ctx, { text: texts.HEADINGS.results }, { text: texts.HEADINGS.strengths });
	if (results.strengths.length === 0) body(ctx, texts.BLANK);
	for (const text of results.strengths) body(ctx, text);

	if (results.shortcomings.length === 0) {
		heading(ctx, texts.HEADINGS.shortcomings);
		body(ctx, texts.NO_SHORTCOMINGS);
	}
	results.shortcomings.forEach((group, g) => {
		const point = { text: `${pointLetter(g)}) ${group.title}:`, style: 'italic' as const };
		if (g === 0) headings(ctx, { text: texts.HEADINGS.shortcomings }, point);
		else heading(ctx, point.text, point.style);
		for (const finding of group.findings) body(ctx, findingRuns(finding, ctx.photoNumber));
	});

	if (results.figures.length === 0) return;
	heading(ctx, texts.HEADINGS.figures, 'bold', tableStart(ctx));
	figuresTable(ctx, results.figures);
	body(ctx, [{ text: texts.seeAnnex(texts.ANNEXES.indicators.number), style: 'italic' }]);
}
