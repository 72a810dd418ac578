import type { Answer } from './answer';
import { isAnswered } from './answer-rules';
import type { Template, TemplateItem, TemplateSection } from './template';

export type AnswerMap = ReadonlyMap<string, Answer>;

/**
 * A conditional item is shown only while the item it depends on is shown and has one of the listed
 * answers. Pass the template's items so that an answer left on an item that has since been hidden
 * does not keep the items depending on it on screen.
 */
export function isVisible(
	item: TemplateItem,
	answers: AnswerMap,
	items?: readonly TemplateItem[]
): boolean {
	let current = item;
	// Bounded so that a cycle in the data cannot hang the page.
	for (let depth = 0; current.condition; depth++) {
		const { itemId, anyOf } = current.condition;
		const other = answers.get(itemId);
		if (!other) return false;
		const observed = other.result ?? (typeof other.value === 'string' ? other.value : null);
		if (observed === null || !anyOf.includes(observed)) return false;
		if (!items) return true;
		const parent = items.find((i) => i.id === itemId);
		if (!parent || depth >= items.length) return true;
		current = parent;
	}
	return true;
}

export type SectionProgress = {
	sectionId: string;
	visible: number;
	answered: number;
	pass: number;
	fail: number;
	na: number;
	requiredMissing: string[];
	/** Weighted pass share among pass/fail items, 0–100; null when nothing was judged yet. */
	score: number | null;
};

/** `items` is the whole template, needed when a condition points into another section. */
export function sectionProgress(
	section: TemplateSection,
	answers: AnswerMap,
	items: readonly TemplateItem[] = section.items
): SectionProgress {
	const p: SectionProgress = {
		sectionId: section.id,
		visible: 0,
		answered: 0,
		pass: 0,
		fail: 0,
		na: 0,
		requiredMissing: [],
		score: null
	};
	let judged = 0;
	let passed = 0;
	for (const item of section.items) {
		if (!isVisible(item, answers, items)) continue;
		p.visible++;
		const a = answers.get(item.id);
		if (isAnswered(item, a)) p.answered++;
		else if (item.required) p.requiredMissing.push(item.id);
		if (a?.result === 'pass') {
			p.pass++;
			judged += item.weight;
			passed += item.weight;
		} else if (a?.result === 'fail') {
			p.fail++;
			judged += item.weight;
		} else if (a?.result === 'na') p.na++;
	}
	p.score = judged > 0 ? (passed / judged) * 100 : null;
	return p;
}

export function inspectionProgress(template: Template, answers: AnswerMap) {
	const items = template.sections.flatMap((s) => s.items);
	const sections = template.sections.map((s) => sectionProgress(s, answers, items));
	const visible = sections.reduce((n, s) => n + s.visible, 0);
	const answered = sections.reduce((n, s) => n + s.answered, 0);
	return {
		sections,
		visible,
		answered,
		percent: visible === 0 ? 0 : Math.floor((answered / visible) * 100),
		fail: sections.reduce((n, s) => n + s.fail, 0)
	};
}

/** The first visible unanswered item after `afterItemId` (wrapping round), or null when all are done. */
export function nextUnanswered(
	template: Template,
	answers: AnswerMap,
	afterItemId?: string
): TemplateItem | null {
	const items = template.sections.flatMap((s) => s.items);
	const start = afterItemId ? items.findIndex((i) => i.id === afterItemId) + 1 : 0;
	for (let k = 0; k < items.length; k++) {
		const item = items[(start + k) % items.length];
		if (!item || !isVisible(item, answers, items)) continue;
		if (!isAnswered(item, answers.get(item.id))) return item;
	}
	return null;
}
