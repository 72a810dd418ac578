/** A small seeded PRNG (mulberry32): a failing trial replays from its seed. */
export function prng(seed: number) {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
	return {
		next,
		int: (below: number) => Math.floor(next() * below),
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
		chance: (p: number) => next() < p
	};
}

export type Random = ReturnType<typeof prng>;
