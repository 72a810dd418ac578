/**
 * How many cases or trials a stress suite runs: the full count with STRESS_FULL=1 (`npm run
 * stress`), a small sample otherwise (`npm test`, CI). Both are seeded, so a failure replays:
 * STRESS_SEED=<seed> reruns the same sequence.
 */
export const FULL = Boolean(process.env.STRESS_FULL);

export const SEED = Number(process.env.STRESS_SEED ?? 20251120);

export function count(full: number, sample: number): number {
	return FULL ? full : sample;
}
