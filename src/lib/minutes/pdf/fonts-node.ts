/**
 * Node's font loader, for the sample command and the tests: the same Tinos files the browser
 * build ships, read from node_modules. Never imported by browser code (it needs node:fs).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TINOS_FILES, TINOS_PACKAGE } from './font-files';
import type { FontLoader } from './fonts';

const packageDir = () =>
	dirname(createRequire(import.meta.url).resolve(`${TINOS_PACKAGE}/package.json`));

export const nodeFontLoader: FontLoader = async (style) =>
	new Uint8Array(await readFile(join(packageDir(), TINOS_FILES[style])));
