/**
 * Part III and V of a draft, and the annex tables: shortcomings grouped by checklist section,
 * the actions they call for, the checklist as answered, and the figures.
 */
import type { Finding } from '$lib/domain/finding';
import { ratioValue, type IndicatorSet } from '$lib/domain/indicator';
import type { IndicatorValues } from '$lib/domain/indicator-values';
import type { Photo } from '$lib/domain/photo';
import { isVisible } from '$lib/domain/progress';
import type { TemplateItem } from '$lib/domain/template';
import type { DraftInput } from './draft';
import { answerDetail, citationFor, evidenceFor } from './draft-evidence';
import { vnNumber, vnPercent } from './format';
import type {
	Action,
	ChecklistSection,
	FigureRow,
	MinutesFinding,
	ShortcomingGroup
} from './model';
import * as texts from './texts';

type Annex = readonly { photo: Photo; itemId: string | null }[];

function fromFinding(
	f: Finding,
	item: TemplateItem | undefined,
	input: DraftInput,
	annex: Annex
): MinutesFinding {
	const cited = item ? citationFor(item, input.legal, input.inspection.visitDate) : '';
	return {
		id: f.id,
		itemId: item ? item.id : null,
		description: f.description,
		legalBasis: f.legalBasis || cited,
		photoRefs: evidenceFor(annex, item?.id ?? null, f.id)
	};
}

/**
 * One group per checklist section with something wrong, in template order. A failed item with
 * no finding written for it still becomes a shortcoming, worded from the item and its answer.
 * Findings tied to no item (or to one the template no longer has) close the list.
 */
export function draftShortcomings(input: DraftInput, annex: Annex): ShortcomingGroup[] {
	const { template, answers, findings } = input;
	const items = template.sections.flatMap((s) => s.items);
	const known = new Set(items.map((i) => i.id));
	const groups: ShortcomingGroup[] = [];
	for (const section of template.sections) {
		const found: MinutesFinding[] = [];
		for (const item of section.items) {
			if (!isVisible(item, answers, items)) continue;
			const own = findings.filter((f) => f.itemId === item.id);
			found.push(...own.map((f) => fromFinding(f, item, input, annex)));
			const answer = answers.get(item.id);
			if (answer?.result === 'fail' && own.length === 0) {
				found.push({
					id: `item-${item.id}`,
					itemId: item.id,
					description: texts.failedItemDescription(item.text.vi, answerDetail(item, answer)),
					legalBasis: citationFor(item, input.legal, input.inspection.visitDate),
					photoRefs: evidenceFor(annex, item.id, null)
				});
			}
		}
		if (found.length > 0) {
			groups.push({ sectionId: section.id, title: section.title.vi, findings: found });
		}
	}
	const loose = findings.filter((f) => f.itemId === null || !known.has(f.itemId));
	if (loose.length > 0) {
		groups.push({
			sectionId: null,
			title: texts.OTHER_FINDINGS_TITLE,
			findings: loose.map((f) => fromFinding(f, undefined, input, annex))
		});
	}
	return groups;
}

/**
 * What the delegation requires: each finding's own required action where one was written, a
 * plain "fix item X" otherwise, then reporting back. Deadlines nobody set stay empty.
 */
export function draftActions(input: DraftInput, groups: ShortcomingGroup[]): Action[] {
	const byId = new Map(input.findings.map((f) => [f.id, f]));
	const unit = input.unit.name;
	const actions: Action[] = groups.flatMap((g) =>
		g.findings.map((mf): Action => {
			const f = byId.get(mf.id);
			return f?.requiredAction
				? {
						id: `action-${mf.id}`,
						text: f.requiredAction,
						responsibleParty: f.responsibleParty || unit,
						deadline: f.deadline,
						findingIds: [mf.id]
					}
				: {
						id: `action-${mf.id}`,
						text: texts.fixItemAction(mf.itemId ?? mf.description.slice(0, 60)),
						responsibleParty: f?.responsibleParty || unit,
						deadline: f?.deadline ?? null,
						findingIds: [mf.id]
					};
		})
	);
	if (actions.length === 0) return [];
	return [
		...actions,
		{
			id: 'action-report-back',
			text: texts.REPORT_BACK_ACTION,
			responsibleParty: unit,
			deadline: null,
			findingIds: []
		}
	];
}

export function draftChecklist(input: DraftInput): ChecklistSection[] {
	const { template, answers } = input;
	const items = template.sections.flatMap((s) => s.items);
	return template.sections.map((section) => ({
		sectionId: section.id,
		title: section.title.vi,
		rows: section.items
			.filter((item) => isVisible(item, answers, items))
			.map((item) => {
				const answer = answers.get(item.id);
				return {
					itemId: item.id,
					question: item.text.vi,
					result: answer?.result ?? null,
					detail: answerDetail(item, answer)
				};
			})
	}));
}

/** The ratios (for part III) or every count followed by the ratios (for annex 03). */
export function draftFigures(
	set: IndicatorSet,
	values: IndicatorValues | null,
	which: 'ratios' | 'all'
): FigureRow[] {
	const counts = values?.counts ?? {};
	const codeOf = new Map(set.counts.map((c) => [c.id, c.code]));
	const ratios = set.ratios.map((r) => {
		const value = ratioValue(r, counts);
		return {
			code: codeOf.get(r.numerator[0] ?? '') ?? '',
			label: r.label.vi,
			value: value === null ? '—' : vnPercent(value)
		};
	});
	if (which === 'ratios') return ratios;
	const raw = set.counts.map((c) => {
		const v = counts[c.id];
		return {
			code: c.code,
			label: c.label.vi,
			value: typeof v === 'number' ? vnNumber(v, 2) : '—'
		};
	});
	return [...raw, ...ratios];
}
