/**
 * What scripts/bench.js hands every bench.
 * @typedef {object} BenchContext
 * @property {import('@playwright/test').Browser} browser one Chromium for the whole run
 * @property {string} work temporary directory of this run, removed at the end
 * @property {() => Promise<string>} app production build of the app (built once per run); the
 *   directory to run `node build` in
 * @property {(message: string) => void} log progress line on stderr
 */
export {};
