import { nowIso } from '$lib/domain/ids';
import type { IndicatorSet, IndicatorValues } from '$lib/domain';
import { db } from './connection';
import { ValidationError } from './meta';
import { commit } from './write-path';

/** Saves some counts of one inspection; the others keep their stored values. */
export async function save(
	inspectionId: string,
	set: IndicatorSet,
	counts: Record<string, number | null>
): Promise<IndicatorValues> {
	// The schemas load with the first write, not with the app shell.
	const [{ IndicatorValuesSchema }, { countError }] = await Promise.all([
		import('$lib/domain/indicator-values'),
		import('$lib/domain/indicator')
	]);
	for (const [id, value] of Object.entries(counts)) {
		const def = set.counts.find((c) => c.id === id);
		if (!def) throw new ValidationError('unknown-count', id);
		const problem = value === null ? null : countError(def, value);
		if (problem) throw new ValidationError(problem, id);
	}
	const database = db();
	let saved: IndicatorValues | undefined;
	await commit([database.indicatorValues], async () => {
		const previous = await database.indicatorValues.get(inspectionId);
		const row = IndicatorValuesSchema.parse({
			inspectionId,
			counts: { ...previous?.counts, ...counts },
			updatedAt: nowIso()
		});
		await database.indicatorValues.put(row);
		saved = row;
		return {
			entity: 'indicatorValues',
			entityId: inspectionId,
			inspectionId,
			op: 'upsert',
			// One key per count, so merging two pending edits (and the server's per-field merge)
			// never drops a count the other edit did not touch.
			patch: {
				...Object.fromEntries(Object.entries(counts).map(([k, v]) => [`counts.${k}`, v])),
				updatedAt: row.updatedAt
			}
		};
	});
	return saved as IndicatorValues;
}

export async function get(inspectionId: string): Promise<IndicatorValues | undefined> {
	return db().indicatorValues.get(inspectionId);
}
