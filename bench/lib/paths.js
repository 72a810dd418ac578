import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory `npm run bench` was started from. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const BENCH_DIR = `${ROOT}/bench`;
