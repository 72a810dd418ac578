/**
 * The content (Ô6) from the grounds to the closing sentence, in the order of domain-vn.md §3.3.
 * Part III lives in results.ts. The closing is drawn last and kept on the page of the first row
 * of signatures, so the signatures never start a page on their own.
 */
import type { Person } from '../model';
import * as texts from '../texts';
import { body, heading, headings, listItems, type Ctx } from './context';
import { drawResults } from './results';

function people(ctx: Ctx, lines: string[]): void {
	const items = lines.length > 0 ? listItems(lines) : [`- ${texts.BLANK}`];
	for (const line of items) body(ctx, line);
}

function participants(ctx: Ctx): void {
	const p = ctx.doc.participants;
	headings(ctx, { text: texts.HEADINGS.participants }, { text: texts.HEADINGS.delegation });
	people(
		ctx,
		p.delegation.map((m) => texts.personLine(m, m.role))
	);
	heading(ctx, texts.HEADINGS.unit);
	people(
		ctx,
		p.unit.map((m: Person) => texts.personLine(m))
	);
	if (p.others.length > 0) {
		heading(ctx, texts.HEADINGS.others);
		people(
			ctx,
			p.others.map((m) => texts.personLine(m))
		);
	}
}

function scope(ctx: Ctx): void {
	headings(ctx, { text: texts.HEADINGS.scope }, { text: texts.HEADINGS.contents });
	for (const line of listItems(ctx.doc.scope.contents)) body(ctx, line);
	heading(ctx, texts.HEADINGS.methods);
	for (const line of listItems(ctx.doc.scope.methods)) body(ctx, line);
}

function paragraphsOrBlank(ctx: Ctx, paragraphs: string[]): void {
	if (paragraphs.length === 0) body(ctx, texts.BLANK);
	for (const text of paragraphs) body(ctx, text);
}

function conclusions(ctx: Ctx): void {
	const c = ctx.doc.conclusions;
	heading(ctx, texts.HEADINGS.conclusions);
	paragraphsOrBlank(ctx, c.summary);
	if (c.actions.length === 0) return;
	body(ctx, texts.HEADINGS.actions);
	c.actions.forEach((a, i) =>
		body(ctx, texts.actionLine(i + 1, a.text, a.responsibleParty, a.deadline))
	);
}

/**
 * Everything before the signatures. `keepWithClosing` is the height of the first signature row,
 * which must land on the page where the closing's last lines are.
 */
export function drawBody(ctx: Ctx, keepWithClosing: number): void {
	const d = ctx.doc;
	for (const line of texts.groundLines(d.grounds)) body(ctx, [{ text: line, style: 'italic' }]);
	body(ctx, texts.openingText(d.opening));
	participants(ctx);
	scope(ctx);
	drawResults(ctx);
	heading(ctx, texts.HEADINGS.comments);
	paragraphsOrBlank(ctx, d.unitComments);
	conclusions(ctx);
	const closing = texts.closingParagraphs(d);
	closing.forEach((text, i) =>
		body(ctx, text, i === closing.length - 1 ? { keepWithNext: keepWithClosing } : {})
	);
}
