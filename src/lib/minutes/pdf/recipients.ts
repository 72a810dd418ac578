/**
 * "Nơi nhận" (Ô9) under the signatures, in the left half: the heading 12 pt bold italic, the list
 * 11 pt upright, "-" before each line, ";" after all but the last, which ends with ".".
 */
import { RECIPIENTS_HEADING, recipientLines } from '../texts';
import type { Ctx } from './context';
import { paragraph, paragraphHeight } from './flow';

export function drawRecipients(ctx: Ctx): void {
	const { flow, type, doc } = ctx;
	if (doc.recipients.length === 0) return;
	const width = flow.width / 2;
	const heading = {
		size: type.recipientsHeading,
		align: 'left' as const,
		indent: 0,
		width,
		gapAfter: 0.5
	};
	const item = {
		size: type.recipients,
		align: 'left' as const,
		indent: 0,
		width,
		gapAfter: 0,
		lineFactor: 1.15
	};
	const lines = recipientLines(doc.recipients);
	const height =
		paragraphHeight(flow, RECIPIENTS_HEADING, heading) +
		lines.reduce((sum, line) => sum + paragraphHeight(flow, line, item), 0);
	// A short list moves whole; a list longer than a page just flows.
	flow.ensure(Math.min(height, flow.pageCapacity));
	paragraph(flow, [{ text: RECIPIENTS_HEADING, style: 'bolditalic' }], heading);
	for (const line of lines) paragraph(flow, line, item);
}
