/** Order statistics over timings; every figure in the report goes through these. */

/** @param {number[]} values */
export function median(values) {
	return percentile(values, 50);
}

/**
 * Linear interpolation between closest ranks, so p50 of an even-sized sample is the mean of the
 * two middle values.
 * @param {number[]} values
 * @param {number} p 0–100
 */
export function percentile(values, p) {
	if (values.length === 0) throw new Error('percentile of an empty sample');
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (p / 100) * (sorted.length - 1);
	const low = Math.floor(rank);
	const high = Math.ceil(rank);
	const lowValue = /** @type {number} */ (sorted[low]);
	const highValue = /** @type {number} */ (sorted[high]);
	return lowValue + (highValue - lowValue) * (rank - low);
}

/** @param {number[]} values */
export function summarize(values) {
	return {
		n: values.length,
		median: median(values),
		p95: percentile(values, 95),
		min: Math.min(...values),
		max: Math.max(...values)
	};
}
