import { describe, expect, it } from 'vitest';
import {
	BUNDLED_INDICATOR_SET_REF,
	BUNDLED_LEGAL_CATALOG_REF,
	BUNDLED_TEMPLATE_REF,
	BUNDLED_UNITS_REF,
	loadDefaultTemplate,
	loadDemoUnits,
	loadIndicatorSet,
	loadLegalCatalog
} from './bundled';
import rawIndicators from './data/indicators.json';
import rawLegal from './data/legal-catalog.json';
import rawTemplate from './data/template-default.json';
import rawUnits from './data/units-demo.json';
import { brokenConstraints, IndicatorSetSchema, ratioValue, type Counts } from './indicator';
import { isInForce, LegalCatalogSchema, refsInForce } from './legal';
import { ResultSchema, TemplateSchema, templateItems } from './template';
import { isInspectable, UnitDirectorySchema } from './unit';

const BEFORE_2025_REFORM = '2025-03-01';
const AFTER_2025_REFORM = '2026-03-01';

/** The 36 items of the reference outline, by section. */
const BASE_ITEM_COUNTS = { A: 5, B: 7, C: 5, D: 8, E: 6, F: 3, G: 2 } as const;
const BASE_ITEM_IDS = Object.entries(BASE_ITEM_COUNTS).flatMap(([section, n]) =>
	Array.from({ length: n }, (_, k) => `${section}${k + 1}`)
);

const HBT_WARDS = [
	'Bạch Đằng',
	'Bách Khoa',
	'Bạch Mai',
	'Cầu Dền',
	'Đống Mác',
	'Đồng Nhân',
	'Đồng Tâm',
	'Lê Đại Hành',
	'Minh Khai',
	'Nguyễn Du',
	'Phạm Đình Hổ',
	'Phố Huế',
	'Quỳnh Lôi',
	'Quỳnh Mai',
	'Thanh Lương',
	'Thanh Nhàn',
	'Trương Định',
	'Vĩnh Tuy'
];

/** Every string in a JSON value, with its path, so a failure names the offending field. */
function strings(value: unknown, path = '$'): { path: string; text: string }[] {
	if (typeof value === 'string') return [{ path, text: value }];
	if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
	}
	return [];
}

/** Every { vi, en? } object in a JSON value. */
function localized(value: unknown, path = '$'): { path: string; vi: unknown; en: unknown }[] {
	if (Array.isArray(value)) return value.flatMap((v, i) => localized(v, `${path}[${i}]`));
	if (!value || typeof value !== 'object') return [];
	const own =
		'vi' in value ? [{ path, vi: value.vi, en: 'en' in value ? value.en : undefined }] : [];
	return [...own, ...Object.entries(value).flatMap(([k, v]) => localized(v, `${path}.${k}`))];
}

function duplicates(ids: string[]): string[] {
	return ids.filter((id, i) => ids.indexOf(id) !== i);
}

describe('bundled data files', () => {
	it('validate against their schemas', () => {
		for (const [name, result] of [
			['legal-catalog', LegalCatalogSchema.safeParse(rawLegal)],
			['template-default', TemplateSchema.safeParse(rawTemplate)],
			['indicators', IndicatorSetSchema.safeParse(rawIndicators)],
			['units-demo', UnitDirectorySchema.safeParse(rawUnits)]
		] as const) {
			expect(result.error?.issues ?? [], name).toEqual([]);
			expect(result.success, name).toBe(true);
		}
	});

	it('are already in canonical form, so the app can use them without parsing', () => {
		expect(LegalCatalogSchema.parse(rawLegal)).toEqual(rawLegal);
		expect(TemplateSchema.parse(rawTemplate)).toEqual(rawTemplate);
		expect(IndicatorSetSchema.parse(rawIndicators)).toEqual(rawIndicators);
		expect(UnitDirectorySchema.parse(rawUnits)).toEqual(rawUnits);
	});

	it('load through the typed loaders, once, with the advertised ids and versions', async () => {
		const [catalog, template, indicators, units] = await Promise.all([
			loadLegalCatalog(),
			loadDefaultTemplate(),
			loadIndicatorSet(),
			loadDemoUnits()
		]);
		expect({ id: catalog.id, version: catalog.version }).toEqual(BUNDLED_LEGAL_CATALOG_REF);
		expect({ id: template.id, version: template.version }).toEqual(BUNDLED_TEMPLATE_REF);
		expect({ id: indicators.id, version: indicators.version }).toEqual(BUNDLED_INDICATOR_SET_REF);
		expect({ id: units.id, version: units.version }).toEqual(BUNDLED_UNITS_REF);
		expect(template.legalCatalogId).toBe(catalog.id);
		expect(template.indicatorSetId).toBe(indicators.id);
		expect(await loadDefaultTemplate()).toBe(template);
		expect(await loadLegalCatalog()).toBe(catalog);
	});

	it('hold only NFC, trimmed strings, and every label has an English text', () => {
		const files = { rawLegal, rawTemplate, rawIndicators, rawUnits };
		for (const [file, data] of Object.entries(files)) {
			const all = strings(data);
			expect(all.length, file).toBeGreaterThan(0);
			for (const { path, text } of all) {
				expect(text.normalize('NFC'), `${file} ${path} is not NFC`).toBe(text);
				expect(text.trim(), `${file} ${path} has outer whitespace`).toBe(text);
				expect(text.length, `${file} ${path} is empty`).toBeGreaterThan(0);
			}
			for (const { path, vi, en } of localized(data)) {
				expect(typeof vi, `${file} ${path}.vi`).toBe('string');
				expect(typeof en, `${file} ${path}.en`).toBe('string');
			}
		}
	});

	it('carry Vietnamese diacritics (guards against an ASCII-folded export)', () => {
		const vi = localized(rawTemplate).map((l) => String(l.vi));
		const withDiacritics = vi.filter((t) => /[àáảãạăâđèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ]/i.test(t));
		expect(withDiacritics.length).toBe(vi.length);
	});
});

describe('legal catalogue', () => {
	const catalog = LegalCatalogSchema.parse(rawLegal);
	const byId = new Map(catalog.instruments.map((i) => [i.id, i]));

	it('has unique ids and codes', () => {
		expect(duplicates(catalog.instruments.map((i) => i.id))).toEqual([]);
		expect(duplicates(catalog.instruments.map((i) => i.code))).toEqual([]);
	});

	it('writes national instruments in the short citation form', () => {
		const patterns: [RegExp, RegExp][] = [
			[/^nd-/, /^NĐ \d+\/\d{4}\/NĐ-CP$/],
			[/^tt-/, /^TT \d+\/\d{4}\/TT-VPCP$/],
			[/^qd-/, /^QĐ \d+\/QĐ-TTg$/],
			[/^luat-/, /^Luật .+ số \d+\/\d{4}\/QH\d+$/]
		];
		let checked = 0;
		for (const instrument of catalog.instruments) {
			const pattern = patterns.find(([id]) => id.test(instrument.id))?.[1];
			if (!pattern) continue;
			expect(instrument.code, instrument.id).toMatch(pattern);
			checked++;
		}
		expect(checked).toBeGreaterThanOrEqual(20);
	});

	it('has consistent dates', () => {
		for (const i of catalog.instruments) {
			expect(i.issuedOn <= i.validFrom, `${i.id} takes effect before it is issued`).toBe(true);
			if (i.validTo !== null) expect(i.validFrom <= i.validTo, i.id).toBe(true);
		}
	});

	it('switches the one-stop regime on 01/7/2025', () => {
		for (const id of ['nd-61-2018', 'nd-107-2021']) {
			expect(byId.get(id)?.validTo).toBe('2025-06-30');
		}
		expect(byId.get('nd-118-2025')?.validFrom).toBe('2025-07-01');
		expect(byId.get('nd-367-2025')?.validFrom).toBe('2025-12-31');
		const tt01 = byId.get('tt-01-2018-vpcp');
		const tt03 = byId.get('tt-03-2025-vpcp');
		expect(tt01 && tt03 && tt01.validTo !== null && tt01.validTo < tt03.validFrom).toBe(true);
		expect(tt01?.note).toContain('[verify]');
	});
});

describe('default template', () => {
	const template = TemplateSchema.parse(rawTemplate);
	const catalog = LegalCatalogSchema.parse(rawLegal);
	const byId = new Map(catalog.instruments.map((i) => [i.id, i]));
	const items = templateItems(template);
	const itemById = new Map(items.map((i) => [i.id, i]));

	it('has sections A–G holding the 36 reference items, in order, plus extras', () => {
		expect(template.sections.map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
		expect(items.length).toBeGreaterThanOrEqual(36);
		for (const id of BASE_ITEM_IDS) expect(itemById.has(id), id).toBe(true);
		for (const section of template.sections) {
			const base = section.items.map((i) => i.id).filter((id) => BASE_ITEM_IDS.includes(id));
			expect(base, section.id).toEqual(BASE_ITEM_IDS.filter((id) => id[0] === section.id));
		}
	});

	it('has unique item, section and choice ids', () => {
		expect(duplicates(items.map((i) => i.id))).toEqual([]);
		expect(duplicates(template.sections.map((s) => s.id))).toEqual([]);
		for (const item of items) expect(duplicates((item.choices ?? []).map((c) => c.id))).toEqual([]);
	});

	it('cites only catalogue instruments, and every instrument is cited', () => {
		const cited = new Set<string>();
		for (const item of items) {
			for (const ref of item.legalRefs) {
				expect(byId.has(ref.instrumentId), `${item.id} cites ${ref.instrumentId}`).toBe(true);
				cited.add(ref.instrumentId);
			}
		}
		expect([...byId.keys()].filter((id) => !cited.has(id))).toEqual([]);
	});

	it('has a basis in force both before and after the 2025 reform for every item', () => {
		for (const date of [BEFORE_2025_REFORM, AFTER_2025_REFORM]) {
			for (const item of items) {
				const inForce = item.legalRefs.filter((ref) => {
					const instrument = byId.get(ref.instrumentId);
					return instrument !== undefined && isInForce(instrument, date);
				});
				expect(inForce.length, `${item.id} has no basis in force on ${date}`).toBeGreaterThan(0);
			}
		}
	});

	it('cites the old form before the reform and the new form after it', () => {
		const d2 = itemById.get('D2');
		expect(d2).toBeDefined();
		if (!d2) return;
		const cite = (date: string) =>
			refsInForce(d2.legalRefs, catalog, date).map((r) => r.instrument.id);
		expect(cite(BEFORE_2025_REFORM)).toEqual(['tt-01-2018-vpcp']);
		expect(cite(AFTER_2025_REFORM)).toEqual(['tt-03-2025-vpcp']);
	});

	it('pairs every NĐ 118/2025 citation with a pre-July-2025 basis', () => {
		const cites118 = items.filter((i) => i.legalRefs.some((r) => r.instrumentId === 'nd-118-2025'));
		expect(cites118.length).toBeGreaterThan(10);
		for (const item of cites118) {
			const old = item.legalRefs.some((r) => {
				const instrument = byId.get(r.instrumentId);
				return instrument !== undefined && isInForce(instrument, BEFORE_2025_REFORM);
			});
			expect(old, item.id).toBe(true);
		}
	});

	it('weights the key items double and leaves unscored items at zero', () => {
		const doubled = items.filter((i) => i.weight === 2).map((i) => i.id);
		expect(doubled).toEqual(['B1', 'B2', 'D1', 'D8', 'E1']);
		for (const item of items) {
			if (item.answerType === 'pass-fail-na') expect(item.weight, item.id).toBeGreaterThan(0);
			else expect(item.weight, item.id).toBe(0);
		}
	});

	it('gives every reference item a pass/fail answer, and numbers a kind', () => {
		for (const id of BASE_ITEM_IDS) expect(itemById.get(id)?.answerType, id).toBe('pass-fail-na');
		for (const item of items) {
			if (item.valueField?.type === 'number') {
				expect(item.valueField.numberKind, item.id).toMatch(/^(count|percent)$/);
			} else {
				expect(item.valueField?.numberKind, item.id).toBeUndefined();
			}
			if (item.answerType !== 'pass-fail-na') expect(item.valueField, item.id).toBeUndefined();
		}
		expect(itemById.get('E5')?.valueField?.numberKind).toBe('percent');
		expect(itemById.get('E1')?.valueField?.numberKind).toBe('percent');
		expect(itemById.get('A4')?.valueField?.type).toBe('date');
		expect(itemById.get('B3')?.valueField?.type).toBe('date');
	});

	it('maps photo expectations from the reference', () => {
		const photo = (id: string) => itemById.get(id)?.photo;
		for (const id of ['B1', 'B2', 'B4', 'B5', 'B6', 'B7', 'C1', 'C2', 'C3', 'C4', 'C5', 'E6']) {
			expect(photo(id), id).toBe('expected');
		}
		for (const id of ['A1', 'A3', 'A4', 'B3', 'D4', 'D8', 'E3', 'E5', 'G1']) {
			expect(photo(id), id).toBe('none');
		}
	});

	it('has a choice item with at least two options', () => {
		const choice = items.filter((i) => i.answerType === 'choice');
		expect(choice.length).toBeGreaterThan(0);
		for (const item of choice) expect(item.choices?.length ?? 0).toBeGreaterThanOrEqual(2);
	});

	it('has conditions on earlier items, using answers those items can give', () => {
		const conditional = items.filter((i) => i.condition);
		expect(conditional.map((i) => i.id)).toEqual(expect.arrayContaining(['D6a']));
		expect(itemById.get('D6a')?.condition).toEqual({ itemId: 'D6', anyOf: ['fail'] });
		const order = items.map((i) => i.id);
		for (const item of conditional) {
			const condition = item.condition!;
			const target = itemById.get(condition.itemId);
			expect(target, item.id).toBeDefined();
			expect(order.indexOf(condition.itemId)).toBeLessThan(order.indexOf(item.id));
			const possible =
				target?.answerType === 'choice'
					? (target.choices ?? []).map((c) => c.id)
					: target?.answerType === 'pass-fail-na'
						? ResultSchema.options
						: [];
			for (const value of condition.anyOf) expect(possible, item.id).toContain(value);
		}
	});
});

describe('indicator set', () => {
	const set = IndicatorSetSchema.parse(rawIndicators);
	const ids = new Set(set.counts.map((c) => c.id));

	it('covers H1–H18 with unique ids', () => {
		const codes = new Set(set.counts.map((c) => c.code));
		for (let n = 1; n <= 18; n++) expect(codes.has(`H${n}`), `H${n}`).toBe(true);
		expect(duplicates(set.counts.map((c) => c.id))).toEqual([]);
		expect(duplicates(set.ratios.map((r) => r.id))).toEqual([]);
	});

	it('only lets the QĐ 766 points be fractional', () => {
		const scores = set.counts.filter((c) => c.kind === 'score').map((c) => c.id);
		expect(scores.length).toBeGreaterThan(0);
		for (const id of scores) expect(id).toMatch(/^h17_/);
	});

	it('builds ratios and constraints from existing counts', () => {
		for (const r of set.ratios) {
			for (const id of [...r.numerator, ...r.denominator]) {
				expect(ids.has(id), `${r.id}: ${id}`).toBe(true);
			}
		}
		for (const c of set.constraints) {
			for (const id of [...c.lhs, ...c.rhs]) {
				expect(ids.has(id), `${c.message.vi}: ${id}`).toBe(true);
			}
		}
		const groups = new Set(set.ratios.map((r) => r.group));
		expect([...groups].sort()).toEqual(
			['digitisation', 'online', 'satisfaction', 'timeliness', 'transparency'].sort()
		);
	});

	const consistent: Counts = {
		h1_tthc: 300,
		h2_correct: 290,
		h2_wrong: 6,
		h2_missing: 4,
		h3_direct: 800,
		h3_online: 1150,
		h3_postal: 50,
		h4_carried: 40,
		h5_early: 900,
		h5_ontime: 980,
		h5_late: 20,
		h6_within: 80,
		h6_overdue: 5,
		h7_apology: 15,
		h7_no_apology: 5,
		h8_supplement: 120,
		h9_digitised: 780,
		h9_required: 850,
		h10_digitised: 1500,
		h10_issued: 1850,
		h11_reuse: 600,
		h12_full: 700,
		h12_partial: 450,
		h13_paid_online: 400,
		h13_payable: 900,
		h14_received: 12,
		h14_handled: 11,
		h14_ontime: 10,
		h15_ratings: 1000,
		h15_satisfied: 960,
		h15_dissatisfied: 10,
		h16_sampled: 40,
		h16_errors: 3
	};

	it('accepts consistent figures and derives the on-time rate', () => {
		expect(brokenConstraints(set, consistent)).toEqual([]);
		const onTime = set.ratios.find(
			(r) => r.group === 'timeliness' && r.numerator.includes('h5_early')
		);
		expect(onTime).toBeDefined();
		if (onTime) expect(ratioValue(onTime, consistent)).toBeCloseTo((1880 / 1900) * 100, 6);
		const online = set.ratios.find((r) => r.id === 'online_rate');
		expect(online && ratioValue(online, consistent)).toBeCloseTo(57.5, 6);
	});

	it('flags more apology letters than late dossiers, in Vietnamese first', () => {
		const broken = brokenConstraints(set, { ...consistent, h7_apology: 25 });
		expect(broken).toHaveLength(1);
		expect(broken[0]?.lhs).toEqual(['h7_apology', 'h7_no_apology']);
		expect(broken[0]?.message.vi).toMatch(/xin lỗi.*quá hạn/);
	});

	it('flags each constraint when its left side grows past its right side', () => {
		for (const c of set.constraints) {
			const bumped = { ...consistent };
			for (const id of c.lhs) bumped[id] = (bumped[id] ?? 0) + 1e6;
			expect(brokenConstraints(set, bumped), c.message.vi).toContain(c);
		}
	});
});

describe('demo units', () => {
	const directory = UnitDirectorySchema.parse(rawUnits);
	const units = directory.units;
	const byId = new Map(units.map((u) => [u.id, u]));

	it('has unique kebab-case ids and existing parents', () => {
		expect(duplicates(units.map((u) => u.id))).toEqual([]);
		for (const u of units) {
			expect(u.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
			if (u.parentId !== null) expect(byId.has(u.parentId), `${u.id} parent`).toBe(true);
		}
	});

	it('marks every unit as demo data, explicitly in the file', () => {
		expect(units.every((u) => u.isDemo)).toBe(true);
		expect(rawUnits.units.every((u) => u.isDemo === true)).toBe(true);
	});

	it('lists exactly the 18 wards of Quận Hai Bà Trưng as of 2020–6/2025', () => {
		const district = units.find((u) => u.kind === 'district');
		expect(district?.validTo).toBe('2025-06-30');
		const wards = units.filter((u) => u.parentId === district?.id && isInspectable(u));
		expect(wards).toHaveLength(18);
		expect(wards.map((u) => u.name).sort()).toEqual(
			HBT_WARDS.map((n) => `UBND phường ${n}`).sort()
		);
		for (const w of wards) {
			expect(w.kind).toBe('ubnd-phuong');
			expect(w.validTo).toBe('2025-06-30');
		}
	});

	it('has post-2025 service points that serve existing new wards', () => {
		const points = units.filter((u) => u.kind === 'diem-pvhcc');
		expect(points.length).toBeGreaterThan(0);
		for (const p of points) {
			expect(isInspectable(p)).toBe(true);
			expect(byId.get(p.parentId ?? '')?.kind).toBe('ttpvhcc-tp');
			expect(p.servesUnitIds.length).toBeGreaterThan(0);
			for (const id of p.servesUnitIds) {
				const ward = byId.get(id);
				expect(ward?.kind, `${p.id} serves ${id}`).toBe('ubnd-phuong');
				expect(ward?.validFrom).toBe('2025-07-01');
				expect(ward?.parentId).toBe('hn');
			}
		}
		const hbt = points.find((p) => p.id === 'hn-diem-hai-ba-trung');
		expect(hbt?.servesUnitIds).toEqual(['hn-phuong-hai-ba-trung']);
	});
});
