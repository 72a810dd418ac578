import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkUpload, hasPhoto, photoPath, readPhoto, storePhoto } from './photo-store';
import { openTempDatabase, type TempDatabase } from './test-db';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let temp: TempDatabase;
let photosDir: string;
beforeEach(async () => {
	temp = await openTempDatabase();
	photosDir = mkdtempSync(join(tmpdir(), 'kiem-tra-photos-'));
});
afterEach(async () => {
	await temp.remove();
	rmSync(photosDir, { recursive: true, force: true });
});

describe('checkUpload', () => {
	it('accepts JPEG bytes that hash to their name', () => {
		expect(checkUpload(sha(JPEG), JPEG)).toBeNull();
	});

	it('refuses bytes that do not match the hash, are not a JPEG, or are empty', () => {
		expect(checkUpload('0'.repeat(64), JPEG)).toBe('hash-mismatch');
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
		expect(checkUpload(sha(png), png)).toBe('not-a-jpeg');
		expect(checkUpload(sha(new Uint8Array()), new Uint8Array())).toBe('empty');
	});
});

describe('storePhoto', () => {
	it('stores one file per content, however many times it is sent, and nothing half-written', async () => {
		const hash = sha(JPEG);
		expect(await hasPhoto(temp.db, hash)).toBe(false);
		expect(await storePhoto(temp.db, photosDir, hash, JPEG)).toBe(true);
		expect(await storePhoto(temp.db, photosDir, hash, JPEG)).toBe(false);
		expect(await hasPhoto(temp.db, hash)).toBe(true);
		expect(existsSync(photoPath(photosDir, hash))).toBe(true);
		expect(readdirSync(join(photosDir, hash.slice(0, 2)))).toEqual([`${hash}.jpg`]);
		expect(await readPhoto(photosDir, hash)).toEqual(JPEG);
		const count = await temp.db
			.selectFrom('photo_blobs')
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(1);
	});
});
