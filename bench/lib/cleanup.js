/**
 * Every server and child process a bench starts registers its stop function here, so that
 * scripts/bench.js can stop them all (after the run, after a failed bench, on Ctrl-C) and leave
 * nothing running.
 */

/** @type {Set<() => Promise<void>>} */
const running = new Set();

/**
 * @param {() => Promise<void>} stop
 * @returns {() => Promise<void>} stop, which also unregisters itself
 */
export function track(stop) {
	const once = async () => {
		if (!running.delete(once)) return;
		await stop();
	};
	running.add(once);
	return once;
}

export async function stopAll() {
	await Promise.allSettled([...running].map((stop) => stop()));
}
