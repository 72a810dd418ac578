/**
 * The evidence side of a draft: which photos go into annex 01 and in what order, and how a
 * recorded answer reads in words. Kept apart from draft.ts so each stays readable.
 */
import type { Answer } from '$lib/domain/answer';
import type { Finding } from '$lib/domain/finding';
import { formatCitation, refsInForce, type LegalCatalog } from '$lib/domain/legal';
import type { Photo } from '$lib/domain/photo';
import type { Template, TemplateItem } from '$lib/domain/template';
import { shortDate, vnNumber, vnPercent } from './format';
import type { AnnexPhoto } from './model';

/** The legal bases of an item in force on the visit date, as printed. */
export function citationFor(item: TemplateItem, legal: LegalCatalog, onDate: string): string {
	return refsInForce(item.legalRefs, legal, onDate)
		.map(({ ref, instrument }) => formatCitation(ref, instrument))
		.join('; ');
}

/** An answer's value as a person would write it, or '' when there is none. */
export function valueText(item: TemplateItem, value: Answer['value']): string {
	if (value === null || value === '') return '';
	if (typeof value === 'number') {
		const kind = item.valueField?.numberKind ?? 'count';
		return kind === 'percent' ? vnPercent(value) : vnNumber(value, 2);
	}
	const type = item.answerType === 'pass-fail-na' ? item.valueField?.type : item.answerType;
	if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return shortDate(value);
	if (item.answerType === 'choice') {
		return item.choices?.find((c) => c.id === value)?.label.vi ?? value;
	}
	return value;
}

/** "Số TTHC niêm yết sai hoặc lỗi thời: 12. Ghi chú" — the value with its label, then the note. */
export function answerDetail(item: TemplateItem, answer: Answer | undefined): string {
	if (!answer) return '';
	const value = valueText(item, answer.value);
	const labelled =
		value && item.answerType === 'pass-fail-na' && item.valueField
			? `${item.valueField.label.vi}: ${value}`
			: value;
	return [labelled, answer.note].filter((s) => s !== '').join('. ');
}

/**
 * The photos that go into the annex. Deleted photos stay out; an annotated copy replaces the
 * original it was drawn on, since the drawing is what the delegation meant to show.
 */
export function annexPhotos(
	photos: readonly Photo[],
	findings: readonly Finding[],
	template: Template
): { photo: Photo; itemId: string | null }[] {
	const live = photos.filter((p) => p.deletedAt === null);
	const replaced = new Set(live.map((p) => p.versionOf).filter((id): id is string => id !== null));
	const seen = new Set<string>();
	// The same bytes added twice are one piece of evidence, and the seal lists each hash once.
	const kept = live.filter((p) => {
		if (replaced.has(p.id) || seen.has(p.sha256)) return false;
		seen.add(p.sha256);
		return true;
	});
	const findingItem = new Map(findings.map((f) => [f.id, f.itemId]));
	const order = new Map(template.sections.flatMap((s) => s.items).map((item, i) => [item.id, i]));
	const withItem = kept.map((photo) => {
		const t = photo.target;
		const itemId =
			t.kind === 'item'
				? t.itemId
				: t.kind === 'finding'
					? (findingItem.get(t.findingId) ?? null)
					: null;
		return { photo, itemId };
	});
	const rank = (itemId: string | null) =>
		itemId === null ? Number.MAX_SAFE_INTEGER : (order.get(itemId) ?? Number.MAX_SAFE_INTEGER - 1);
	return withItem.sort(
		(a, b) =>
			rank(a.itemId) - rank(b.itemId) ||
			a.photo.takenAt.localeCompare(b.photo.takenAt) ||
			a.photo.id.localeCompare(b.photo.id)
	);
}

export function toAnnexPhoto(photo: Photo, itemId: string | null): AnnexPhoto {
	return {
		sha256: photo.sha256,
		width: photo.width,
		height: photo.height,
		caption: photo.caption,
		itemId,
		takenAt: photo.takenAt,
		location: photo.location ? { lat: photo.location.lat, lon: photo.location.lon } : null
	};
}

/** Hashes of the annex photos that back a finding: its own, and those of its item. */
export function evidenceFor(
	annex: readonly { photo: Photo; itemId: string | null }[],
	itemId: string | null,
	findingId: string | null
): string[] {
	const hashes = annex
		.filter(({ photo }) => {
			const t = photo.target;
			return (
				(t.kind === 'finding' && t.findingId === findingId) ||
				(t.kind === 'item' && itemId !== null && t.itemId === itemId)
			);
		})
		.map(({ photo }) => photo.sha256);
	return [...new Set(hashes)];
}
