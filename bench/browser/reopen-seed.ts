/**
 * Seeds the app's own database ('kiem-tra', on the app's origin) with one inspection holding
 * 500 answers, through our repositories, for bench/reopen-checklist.bench.js. The bundled
 * template has ~40 items, so the checklist is a generated template of the wanted size, built
 * from the bundled items (conditions dropped, so every item shows) and checked by TemplateSchema.
 */
import { Dexie } from 'dexie';
import * as answers from '$lib/db/answers';
import type { AnswerEdit } from '$lib/db/answers';
import * as catalog from '$lib/db/catalog';
import * as inspections from '$lib/db/inspections';
import {
	TemplateSchema,
	loadDefaultTemplate,
	loadDemoUnits,
	loadIndicatorSet,
	templateItems,
	type Result,
	type TemplateItem
} from '$lib/domain';

export type SeedOptions = { items: number; sections: number };
export type Seeded = { inspectionId: string; lastItemId: string; answers: number };

const RESULTS: Result[] = ['pass', 'fail', 'na'];

function answerFor(item: TemplateItem, n: number, periodFrom: string): AnswerEdit {
	switch (item.answerType) {
		case 'pass-fail-na':
			return { result: RESULTS[n % RESULTS.length] as Result };
		case 'choice':
			return { value: item.choices?.[0]?.id ?? null };
		case 'number':
			return { value: n };
		case 'date':
			return { value: periodFrom };
		case 'text':
			return { value: `Ghi chú ${n}` };
	}
}

export async function seed({ items, sections }: SeedOptions): Promise<Seeded> {
	// Dexie's debug mode (on for 127.0.0.1) only slows seeding; the seed is not what is timed.
	Dexie.debug = false;
	if (items % sections !== 0) throw new Error('items must split evenly into sections');
	// What the app itself stores on first start (units, bundled template and indicator set).
	await catalog.ensureBundled();
	const [base, indicatorSet, units] = await Promise.all([
		loadDefaultTemplate(),
		loadIndicatorSet(),
		loadDemoUnits()
	]);
	const pool = templateItems(base).map(({ condition: _condition, ...item }) => item);
	const judged = pool.filter((i) => i.answerType === 'pass-fail-na');
	const perSection = items / sections;
	const template = TemplateSchema.parse({
		...base,
		id: `bench-${items}`,
		version: 1,
		title: { vi: `Phiếu thử ${items} mục`, en: `Bench checklist, ${items} items` },
		sections: Array.from({ length: sections }, (_, s) => ({
			id: `S${s + 1}`,
			title: { vi: `Phần ${s + 1}`, en: `Part ${s + 1}` },
			items: Array.from({ length: perSection }, (_, k) => {
				const n = s * perSection + k;
				// The bench waits for the last item's "Đạt" button, so that item is pass/fail/N/A.
				const source = n === items - 1 ? judged[n % judged.length] : pool[n % pool.length];
				return { ...source, id: `S${s + 1}.${k + 1}` };
			})
		}))
	});
	const unit = units.units.find((u) => u.parentId !== null) ?? units.units[0];
	const inspection = await inspections.create({
		unitId: unit?.id ?? 'bench-unit',
		periodFrom: '2025-01-01',
		periodTo: '2025-06-30',
		visitDate: '2025-07-15',
		members: [{ name: 'Nguyễn Văn An', role: 'truong-doan', position: 'Trưởng đoàn' }],
		template,
		indicatorSet
	});
	const all = templateItems(template);
	for (const [n, item] of all.entries()) {
		await answers.save(inspection, item, answerFor(item, n, inspection.periodFrom));
	}
	return {
		inspectionId: inspection.id,
		lastItemId: (all.at(-1) as TemplateItem).id,
		answers: (await answers.listFor(inspection.id)).length
	};
}
