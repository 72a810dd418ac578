import { describe, expect, it } from 'vitest';
import {
	CountDefSchema,
	IndicatorSetSchema,
	RatioDefSchema,
	brokenConstraints,
	countError,
	ratioValue,
	type CountDef,
	type RatioDef
} from './indicator';
import { makeIndicatorSet } from './test-factories';

const set = makeIndicatorSet();
const count: CountDef = {
	id: 'resolved',
	code: 'C1',
	label: { vi: 'Đã giải quyết' },
	kind: 'count'
};
const score: CountDef = { id: 'score', code: 'S1', label: { vi: 'Điểm' }, kind: 'score' };
const lateShare: RatioDef = {
	id: 'late-share',
	label: { vi: 'Tỷ lệ trễ hạn' },
	numerator: ['late'],
	denominator: ['resolved'],
	group: 'timeliness'
};

function messages(result: { error?: { issues: { message: string }[] } }) {
	return result.error?.issues.map((i) => i.message) ?? [];
}

describe('CountDefSchema', () => {
	it('defaults kind to count', () => {
		const out = CountDefSchema.parse({ id: 'c', code: 'C', label: { vi: 'Số' } });
		expect(out.kind).toBe('count');
	});

	it('rejects an unknown kind, an empty or long code and unknown fields', () => {
		const base = { id: 'c', code: 'C', label: { vi: 'Số' } };
		expect(CountDefSchema.safeParse({ ...base, kind: 'ratio' }).success).toBe(false);
		expect(CountDefSchema.safeParse({ ...base, code: '' }).success).toBe(false);
		expect(CountDefSchema.safeParse({ ...base, code: 'C'.repeat(21) }).success).toBe(false);
		expect(CountDefSchema.safeParse({ ...base, unit: 'hồ sơ' }).success).toBe(false);
	});
});

describe('RatioDefSchema', () => {
	it('needs a numerator, a denominator and a known group', () => {
		expect(RatioDefSchema.safeParse(lateShare).success).toBe(true);
		expect(RatioDefSchema.safeParse({ ...lateShare, numerator: [] }).success).toBe(false);
		expect(RatioDefSchema.safeParse({ ...lateShare, denominator: [] }).success).toBe(false);
		expect(RatioDefSchema.safeParse({ ...lateShare, group: 'speed' }).success).toBe(false);
	});
});

describe('IndicatorSetSchema', () => {
	it('accepts a valid set', () => {
		expect(IndicatorSetSchema.parse(set)).toEqual(set);
	});

	it('rejects unknown fields and an empty count list', () => {
		expect(IndicatorSetSchema.safeParse({ ...set, weights: {} }).success).toBe(false);
		expect(
			IndicatorSetSchema.safeParse({ ...set, counts: [], ratios: [], constraints: [] }).success
		).toBe(false);
	});

	it('rejects duplicate count ids', () => {
		const dup = { ...set, counts: [...set.counts, { ...set.counts[0]!, code: 'C9' }] };
		const r = IndicatorSetSchema.safeParse(dup);
		expect(r.success).toBe(false);
		expect(messages(r)).toContain('duplicate count id');
	});

	it('rejects a ratio that refers to an unknown count', () => {
		const r = IndicatorSetSchema.safeParse({
			...set,
			ratios: [{ ...lateShare, denominator: ['resolved', 'received'] }]
		});
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['unknown count received']);
	});

	it('rejects a constraint that refers to an unknown count', () => {
		const r = IndicatorSetSchema.safeParse({
			...set,
			constraints: [{ lhs: ['ghost'], rhs: ['resolved'], message: { vi: 'x' } }]
		});
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['unknown count ghost']);
	});
});

describe('countError', () => {
	it('accepts zero and whole numbers', () => {
		expect(countError(count, 0)).toBeNull();
		expect(countError(count, 1234)).toBeNull();
		expect(countError(count, 1e9)).toBeNull();
	});

	it('rejects negatives', () => {
		expect(countError(count, -1)).toBe('negative');
		expect(countError(score, -0.5)).toBe('negative');
	});

	it('rejects fractions for counts but not for scores', () => {
		expect(countError(count, 2.5)).toBe('fraction');
		expect(countError(score, 2.5)).toBeNull();
		expect(countError(score, 87.25)).toBeNull();
	});

	it('rejects values above a billion', () => {
		expect(countError(count, 1e9 + 1)).toBe('too-big');
		expect(countError(score, 1e9 + 0.5)).toBe('too-big');
	});
});

describe('ratioValue', () => {
	it('gives the ratio in percent', () => {
		expect(ratioValue(lateShare, { late: 5, resolved: 200 })).toBe(2.5);
		expect(ratioValue(lateShare, { late: 0, resolved: 10 })).toBe(0);
		expect(ratioValue(lateShare, { late: 10, resolved: 10 })).toBe(100);
	});

	it('sums several counts on each side', () => {
		const ratio: RatioDef = { ...lateShare, numerator: ['a', 'b'], denominator: ['c', 'd'] };
		expect(ratioValue(ratio, { a: 1, b: 2, c: 3, d: 3 })).toBe(50);
	});

	it('is null when the denominator is 0', () => {
		expect(ratioValue(lateShare, { late: 0, resolved: 0 })).toBeNull();
	});

	it('is null when a count is missing or null', () => {
		expect(ratioValue(lateShare, { resolved: 10 })).toBeNull();
		expect(ratioValue(lateShare, { late: 1 })).toBeNull();
		expect(ratioValue(lateShare, { late: null, resolved: 10 })).toBeNull();
		expect(ratioValue(lateShare, { late: 1, resolved: undefined })).toBeNull();
	});
});

describe('brokenConstraints', () => {
	it('finds none when the figures are consistent', () => {
		expect(brokenConstraints(set, { resolved: 100, late: 5, apologised: 5 })).toEqual([]);
	});

	it('flags more late dossiers with an apology than late dossiers', () => {
		const broken = brokenConstraints(set, { resolved: 100, late: 5, apologised: 6 });
		expect(broken).toEqual([set.constraints[1]]);
	});

	it('flags every broken constraint', () => {
		expect(brokenConstraints(set, { resolved: 1, late: 5, apologised: 6 })).toHaveLength(2);
	});

	it('does not judge a constraint while its upper bound is incomplete', () => {
		expect(brokenConstraints(set, { late: 5, apologised: 6 })).toEqual([set.constraints[1]]);
		expect(brokenConstraints(set, { resolved: 1, apologised: 6 })).toEqual([]);
		expect(brokenConstraints(set, { resolved: 1, late: null, apologised: 6 })).toEqual([]);
		expect(brokenConstraints(set, {})).toEqual([]);
	});

	it('sums several counts on each side', () => {
		const s = makeIndicatorSet({
			constraints: [{ lhs: ['late', 'online'], rhs: ['resolved'], message: { vi: 'x' } }]
		});
		expect(brokenConstraints(s, { late: 3, online: 3, resolved: 6 })).toEqual([]);
		expect(brokenConstraints(s, { late: 3, online: 4, resolved: 6 })).toHaveLength(1);
	});

	it('already flags the parts known so far when they exceed the bound', () => {
		const s = makeIndicatorSet({
			constraints: [{ lhs: ['late', 'online'], rhs: ['resolved'], message: { vi: 'x' } }]
		});
		expect(brokenConstraints(s, { late: 7, resolved: 6 })).toHaveLength(1);
		expect(brokenConstraints(s, { late: 5, online: null, resolved: 6 })).toEqual([]);
		expect(brokenConstraints(s, { online: 7 })).toEqual([]);
	});
});
