import { z } from 'zod';
import { IdSchema, LocalizedSchema } from './text';

/**
 * Indicators keep the raw counts (what the delegation reads off registers) and derive every
 * ratio from them, so a corrected count corrects every ratio. A ratio is a sum of counts over a
 * sum of counts; constraints catch impossible figures (more late dossiers than resolved ones).
 */
export const CountDefSchema = z.strictObject({
	id: IdSchema,
	code: z.string().min(1).max(20),
	label: LocalizedSchema,
	kind: z.enum(['count', 'score']).default('count')
});
export type CountDef = z.infer<typeof CountDefSchema>;

export const RatioDefSchema = z.strictObject({
	id: IdSchema,
	label: LocalizedSchema,
	numerator: z.array(IdSchema).min(1),
	denominator: z.array(IdSchema).min(1),
	/** QĐ 766/QĐ-TTg group, for the five-group view. */
	group: z.enum(['transparency', 'timeliness', 'digitisation', 'online', 'satisfaction'])
});
export type RatioDef = z.infer<typeof RatioDefSchema>;

export const ConstraintDefSchema = z.strictObject({
	lhs: z.array(IdSchema).min(1),
	rhs: z.array(IdSchema).min(1),
	message: LocalizedSchema
});
export type ConstraintDef = z.infer<typeof ConstraintDefSchema>;

export const IndicatorSetSchema = z
	.strictObject({
		id: IdSchema,
		version: z.int().positive(),
		title: LocalizedSchema,
		counts: z.array(CountDefSchema).min(1),
		ratios: z.array(RatioDefSchema),
		/** Each constraint reads: sum(lhs) ≤ sum(rhs). */
		constraints: z.array(ConstraintDefSchema)
	})
	.superRefine((set, ctx) => {
		const ids = new Set(set.counts.map((c) => c.id));
		if (ids.size !== set.counts.length) {
			ctx.addIssue({ code: 'custom', message: 'duplicate count id' });
		}
		const refs = [
			...set.ratios.flatMap((r) => [...r.numerator, ...r.denominator]),
			...set.constraints.flatMap((c) => [...c.lhs, ...c.rhs])
		];
		for (const id of refs) {
			if (!ids.has(id)) ctx.addIssue({ code: 'custom', message: `unknown count ${id}` });
		}
	});
export type IndicatorSet = z.infer<typeof IndicatorSetSchema>;

export type Counts = Record<string, number | null | undefined>;

/** A count entered by a person: a whole number, zero or more. Scores (QĐ 766 points) may be decimal. */
export function countError(
	def: CountDef,
	value: number
): 'not-a-number' | 'negative' | 'fraction' | 'too-big' | null {
	if (!Number.isFinite(value)) return 'not-a-number';
	if (value < 0) return 'negative';
	if (def.kind === 'count' && !Number.isInteger(value)) return 'fraction';
	if (value > 1e9) return 'too-big';
	return null;
}

function sum(ids: string[], counts: Counts): number | null {
	let total = 0;
	for (const id of ids) {
		const v = counts[id];
		if (v === null || v === undefined) return null;
		total += v;
	}
	return total;
}

/** The ratio in percent, or null when a count is missing or the denominator is 0 (shown as "—"). */
export function ratioValue(def: RatioDef, counts: Counts): number | null {
	const num = sum(def.numerator, counts);
	const den = sum(def.denominator, counts);
	if (num === null || den === null || den === 0) return null;
	return (num / den) * 100;
}

/**
 * Constraints broken by these counts. The left side is a sum of parts, so the parts known so far
 * are a lower bound and already prove a violation; the right side is an upper bound only once
 * every part of it is known.
 */
export function brokenConstraints(set: IndicatorSet, counts: Counts): ConstraintDef[] {
	return set.constraints.filter((c) => {
		const known = c.lhs.map((id) => counts[id]).filter((v): v is number => typeof v === 'number');
		const r = sum(c.rhs, counts);
		if (known.length === 0 || r === null) return false;
		return known.reduce((a, b) => a + b, 0) > r;
	});
}
