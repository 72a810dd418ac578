import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	MAX_UPLOAD_BYTES,
	hasPhoto,
	photoPath,
	readPhoto,
	receivePhoto,
	sweepPartialUploads
} from './photo-store';
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

/** A request body as the server sees it: the bytes in chunks of the given size. */
function body(bytes: Uint8Array, chunk = 4): ReadableStream<Uint8Array> {
	let at = 0;
	return new ReadableStream({
		pull(controller) {
			if (at >= bytes.length) return controller.close();
			controller.enqueue(bytes.slice(at, at + chunk));
			at += chunk;
		}
	});
}

/** Files in the photo's prefix folder, temporary ones included. */
const filesBeside = (hash: string) => {
	const folder = join(photosDir, hash.slice(0, 2));
	return existsSync(folder) ? readdirSync(folder) : [];
};

describe('receivePhoto', () => {
	it('stores one file per content, however many times it is sent, and nothing half-written', async () => {
		const hash = sha(JPEG);
		expect(await hasPhoto(temp.db, hash)).toBe(false);
		expect(await receivePhoto(temp.db, photosDir, hash, body(JPEG))).toBe('created');
		expect(await receivePhoto(temp.db, photosDir, hash, body(JPEG, 1))).toBe('exists');
		expect(await hasPhoto(temp.db, hash)).toBe(true);
		expect(filesBeside(hash)).toEqual([`${hash}.jpg`]);
		expect(await readPhoto(photosDir, hash)).toEqual(JPEG);
		const count = await temp.db
			.selectFrom('photo_blobs')
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(1);
	});

	it('refuses bytes that do not match the hash, are not a JPEG, or are empty, and keeps nothing', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
		const cases: [string, Uint8Array, string][] = [
			['0'.repeat(64), JPEG, 'hash-mismatch'],
			[sha(png), png, 'not-a-jpeg'],
			[sha(new Uint8Array([0xff, 0xd8])), new Uint8Array([0xff, 0xd8]), 'not-a-jpeg'],
			[sha(new Uint8Array()), new Uint8Array(), 'empty']
		];
		for (const [hash, bytes, problem] of cases) {
			expect(await receivePhoto(temp.db, photosDir, hash, body(bytes, 1))).toBe(problem);
			expect(filesBeside(hash)).toEqual([]);
			expect(await hasPhoto(temp.db, hash)).toBe(false);
		}
	});

	it('reads an oversized body to its end but stores none of it', async () => {
		const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
		big.set([0xff, 0xd8, 0xff], 0);
		let pulled = 0;
		const counted = body(big, 1 << 20).pipeThrough(
			new TransformStream({
				transform(chunk, controller) {
					pulled += chunk.length;
					controller.enqueue(chunk);
				}
			})
		);
		const hash = '1'.repeat(64);
		expect(await receivePhoto(temp.db, photosDir, hash, counted)).toBe('too-big');
		expect(pulled).toBe(big.length);
		expect(filesBeside(hash)).toEqual([]);
	});

	it('keeps nothing of an upload whose connection breaks halfway', async () => {
		const hash = sha(JPEG);
		let sent = false;
		const broken = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent) return controller.error(new Error('aborted'));
				controller.enqueue(JPEG.slice(0, 4));
				sent = true;
			}
		});
		expect(await receivePhoto(temp.db, photosDir, hash, broken)).toBe('incomplete');
		expect(filesBeside(hash)).toEqual([]);
		expect(await hasPhoto(temp.db, hash)).toBe(false);
	});
});

describe('sweepPartialUploads', () => {
	it('removes the temporary files a crash left and nothing else', async () => {
		const hash = sha(JPEG);
		await receivePhoto(temp.db, photosDir, hash, body(JPEG));
		const folder = join(photosDir, hash.slice(0, 2));
		writeFileSync(join(folder, `${hash}.jpg.0b1c.part`), JPEG.slice(0, 3));
		writeFileSync(join(photosDir, 'notes.txt'), 'kept');
		expect(sweepPartialUploads(photosDir)).toBe(1);
		expect(readdirSync(folder)).toEqual([`${hash}.jpg`]);
		expect(existsSync(join(photosDir, 'notes.txt'))).toBe(true);
		expect(existsSync(photoPath(photosDir, hash))).toBe(true);
	});
});
