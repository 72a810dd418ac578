/**
 * The annexes, each from a new page: 01 the photo sheet, 02 the checklist as answered, 03 the
 * figures. Photos go in as the stored JPEG bytes (no decoding, no re-encoding); each photo stays
 * on one page with its caption. Bytes are fetched one photo at a time so a 40-photo annex never
 * holds more than the PDF itself does.
 */
import { upper } from '../format';
import type { AnnexPhoto, ChecklistSection } from '../model';
import * as texts from '../texts';
import type { Ctx } from './context';
import { paragraph, paragraphHeight, rule } from './flow';
import { PARAGRAPH_GAP, RULE_WIDTH } from './geometry';
import { figuresTable } from './results';
import { table, type Column, type TableRow } from './table';

/** Two landscape photos with their captions fit on a page, under the annex heading too. */
const PHOTO_MAX_WIDTH = 130;
const PHOTO_MAX_HEIGHT = 95;

function annexHeading(ctx: Ctx, annex: { number: number; title: string }): void {
	const { flow, type } = ctx;
	flow.newPage();
	const centred = { size: type.body, align: 'center' as const, indent: 0, gapAfter: 0 };
	paragraph(flow, [{ text: texts.annexLabel(annex.number), style: 'bold' }], centred);
	paragraph(flow, [{ text: upper(annex.title), style: 'bold' }], centred);
	paragraph(flow, [{ text: texts.annexAttachedTo(ctx.doc), style: 'italic' }], centred);
	rule(flow.doc, flow.centre, flow.y + 1.5, 30, RULE_WIDTH);
	flow.advance(6);
}

/** Fits the photo in the box without changing its proportions. */
export function photoBox(photo: Pick<AnnexPhoto, 'width' | 'height'>): { w: number; h: number } {
	const scale = Math.min(PHOTO_MAX_WIDTH / photo.width, PHOTO_MAX_HEIGHT / photo.height);
	return { w: photo.width * scale, h: photo.height * scale };
}

export async function drawPhotoAnnex(
	ctx: Ctx,
	bytesOf: (photo: AnnexPhoto) => Promise<Uint8Array>,
	onPhoto: (done: number) => Promise<void>
): Promise<void> {
	const photos = ctx.doc.annexes.photos;
	if (photos.length === 0) return;
	annexHeading(ctx, texts.ANNEXES.photos);
	const { flow, type } = ctx;
	const caption = {
		size: type.caption,
		align: 'center' as const,
		indent: 0,
		gapAfter: 0,
		lineFactor: 1.15
	};
	for (const [i, photo] of photos.entries()) {
		const n = i + 1;
		const { w, h } = photoBox(photo);
		const title = texts.photoCaption(n, photo.caption);
		const details = texts.photoDetails(photo.itemId, photo.takenAt, photo.location);
		const height =
			h + 2 + paragraphHeight(flow, title, caption) + paragraphHeight(flow, details, caption) + 8;
		flow.ensure(height);
		const bytes = await bytesOf(photo);
		flow.doc.addImage(bytes, 'JPEG', flow.centre - w / 2, flow.y, w, h, photo.sha256, 'FAST');
		flow.advance(h + 2);
		paragraph(flow, [{ text: title, style: 'bold' }], caption);
		paragraph(flow, [{ text: details, style: 'italic' }], caption);
		flow.advance(8);
		await onPhoto(n);
	}
}

function checklistRows(sections: ChecklistSection[]): TableRow[] {
	return sections.flatMap((section): TableRow[] => [
		{ kind: 'section', text: `${section.sectionId}. ${section.title}` },
		...section.rows.map((row): TableRow => ({
			kind: 'cells',
			cells: [
				row.itemId,
				row.question,
				row.result ? texts.RESULT_LABELS[row.result] : row.detail ? '—' : texts.RESULT_LABELS.none,
				row.detail
			]
		}))
	]);
}

export function drawTableAnnexes(ctx: Ctx): void {
	const { flow, type, doc } = ctx;
	if (doc.annexes.checklist.length > 0) {
		annexHeading(ctx, texts.ANNEXES.checklist);
		const [code, question, result, detail] = texts.TABLE_HEADERS.checklist;
		const columns: Column[] = [
			{ header: code, width: 12, align: 'center' },
			{ header: question, width: flow.width - 12 - 21 - 48 },
			{ header: result, width: 21, align: 'center' },
			{ header: detail, width: 48 }
		];
		table(flow, columns, checklistRows(doc.annexes.checklist), {
			size: type.table,
			gapAfter: PARAGRAPH_GAP
		});
	}
	if (doc.annexes.indicators.length > 0) {
		annexHeading(ctx, texts.ANNEXES.indicators);
		figuresTable(ctx, doc.annexes.indicators);
	}
}
