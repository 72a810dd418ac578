/**
 * The top of page 1 (NĐ 30 Ô1–Ô5): issuing bodies and number on the left, Quốc hiệu and Tiêu ngữ
 * on the right, each with its rule, then the title and subtitle centred with a short rule.
 * The Ô2 names wrap inside their column; the number line and the optional place/date line share
 * a baseline under the two rules, as in the decree's diagram.
 */
import { upper } from '../format';
import type { MinutesDocument } from '../model';
import { QUOC_HIEU, TIEU_NGU, numberLine, placeDateLine } from '../texts';
import { rule, type Flow } from './flow';
import type { FontStyle } from './fonts';
import { FONT_ASCENT, FONT_DESCENT, RULE_WIDTH, lineHeight, pt, type TypeScale } from './geometry';
import { drawLine, layoutLines, measure, widestLine, type Line } from './text';

/** Room either side of the Quốc hiệu in the right column. */
const NATIONAL_TITLE_PAD = 3;

type Column = { x: number; width: number };

function centred(
	flow: Flow,
	col: Column,
	text: string,
	style: FontStyle,
	size: number,
	top: number
): { lines: Line[]; bottom: number } {
	const lines = layoutLines(flow.doc, [{ text, style }], col.width, size);
	const pitch = lineHeight(size);
	lines.forEach((line, i) =>
		drawLine(flow.doc, line, {
			x: col.x,
			top: top + i * pitch,
			width: col.width,
			size,
			align: 'center',
			isLast: true
		})
	);
	return { lines, bottom: top + lines.length * pitch };
}

/** Clear of the last line's descenders, so the rule never reads as an underline. */
function ruleY(bottom: number, size: number): number {
	return bottom - lineHeight(size) + pt(size) * (FONT_ASCENT + FONT_DESCENT) + 1.2;
}

export function drawHeader(flow: Flow, doc: MinutesDocument, type: TypeScale): void {
	// The right column is as wide as the Quốc hiệu needs (it must fit on one line); the issuing
	// bodies, which may wrap, get the rest.
	const nationalWidth = measure(flow.doc, QUOC_HIEU, 'bold', type.nationalTitle);
	const leftWidth = flow.width - nationalWidth - 2 * NATIONAL_TITLE_PAD;
	const left: Column = { x: flow.left, width: leftWidth };
	const right: Column = { x: flow.left + leftWidth, width: flow.width - leftWidth };
	const top = flow.top;
	const centreOf = (c: Column) => c.x + c.width / 2;

	const governing = centred(
		flow,
		left,
		upper(doc.header.governingBody),
		'normal',
		type.nationalTitle,
		top
	);
	const issuing = centred(
		flow,
		left,
		upper(doc.header.issuingBody),
		'bold',
		type.nationalTitle,
		governing.bottom
	);
	const leftRuleY = ruleY(issuing.bottom, type.nationalTitle);
	const issuingWidth = widestLine(issuing.lines);
	rule(flow.doc, centreOf(left), leftRuleY, Math.max(12, issuingWidth * 0.4), RULE_WIDTH);

	const national = centred(flow, right, QUOC_HIEU, 'bold', type.nationalTitle, top);
	const motto = centred(flow, right, TIEU_NGU, 'bold', type.motto, national.bottom);
	const rightRuleY = ruleY(motto.bottom, type.motto);
	rule(flow.doc, centreOf(right), rightRuleY, widestLine(motto.lines), RULE_WIDTH);

	const row2 = Math.max(leftRuleY, rightRuleY) + 2.5;
	const number = centred(
		flow,
		left,
		numberLine(doc.header.number, doc.header.symbol),
		'normal',
		type.motto,
		row2
	);
	let bottom = number.bottom;
	if (doc.header.placeDate) {
		const { place, date } = doc.header.placeDate;
		bottom = Math.max(
			bottom,
			centred(flow, right, placeDateLine(place, date), 'italic', type.motto, row2).bottom
		);
	}
	flow.y = bottom + 8;

	const whole: Column = { x: flow.left, width: flow.width };
	const title = centred(flow, whole, doc.title, 'bold', type.title, flow.y);
	const subtitleCol: Column = { x: flow.left + 10, width: flow.width - 20 };
	const subtitle = centred(flow, subtitleCol, doc.subtitle, 'bold', type.title, title.bottom);
	const subRuleY = ruleY(subtitle.bottom, type.title);
	const ruleLength = Math.min(60, Math.max(20, widestLine(subtitle.lines) / 3));
	rule(flow.doc, flow.centre, subRuleY, ruleLength, RULE_WIDTH);
	flow.y = subRuleY + 6;
}
