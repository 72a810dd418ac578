import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { loadConfig } from './config';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('defaults, with the data folder and its photos folder created and absolute', () => {
	dir = mkdtempSync(join(tmpdir(), 'kiem-tra-config-'));
	const dataDir = join(dir, 'nested', 'data');
	const config = loadConfig({ DATA_DIR: dataDir, ORIGIN: '' });
	expect(config).toEqual({
		port: 3000,
		origin: null,
		dataDir,
		photosDir: join(dataDir, 'photos'),
		databasePath: join(dataDir, 'kiem-tra.sqlite'),
		logLevel: 'info'
	});
	expect(existsSync(config.photosDir)).toBe(true);
	const fromCwd = relative(process.cwd(), join(dir, 'relative'));
	expect(isAbsolute(loadConfig({ DATA_DIR: fromCwd }).dataDir)).toBe(true);
});

test('reads PORT, ORIGIN (as a bare origin) and LOG_LEVEL; refuses nonsense', () => {
	dir = mkdtempSync(join(tmpdir(), 'kiem-tra-config-'));
	const config = loadConfig({
		DATA_DIR: dir,
		PORT: '4173',
		ORIGIN: 'https://kiemtra.hanoi.gov.vn/',
		LOG_LEVEL: 'warn'
	});
	expect(config).toMatchObject({
		port: 4173,
		origin: 'https://kiemtra.hanoi.gov.vn',
		logLevel: 'warn'
	});
	expect(() => loadConfig({ DATA_DIR: dir, PORT: 'eighty' })).toThrow(/PORT/);
	expect(() => loadConfig({ DATA_DIR: dir, ORIGIN: 'kiemtra.local' })).toThrow(/ORIGIN/);
	expect(() => loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
});
