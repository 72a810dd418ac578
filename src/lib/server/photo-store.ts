/**
 * Photo bytes on disk, addressed by their SHA-256: `<photos>/<aa>/<sha256>.jpg`. A write goes to
 * a temporary file renamed into place, so a crash or a cut connection never leaves half a photo
 * under a real name, and storing the same bytes twice keeps one file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema';

/** Devices store at most 2048 px JPEGs, well under this; the limit is about abuse. */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

export type StoreProblem = 'hash-mismatch' | 'not-a-jpeg' | 'too-big' | 'empty';

export function photoPath(photosDir: string, sha256: string): string {
	return join(photosDir, sha256.slice(0, 2), `${sha256}.jpg`);
}

export function isJpeg(bytes: Uint8Array): boolean {
	return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function checkUpload(sha256: string, bytes: Uint8Array): StoreProblem | null {
	if (bytes.length === 0) return 'empty';
	if (bytes.length > MAX_UPLOAD_BYTES) return 'too-big';
	if (!isJpeg(bytes)) return 'not-a-jpeg';
	if (createHash('sha256').update(bytes).digest('hex') !== sha256) return 'hash-mismatch';
	return null;
}

export async function hasPhoto(db: Kysely<DB>, sha256: string): Promise<boolean> {
	const row = await db
		.selectFrom('photo_blobs')
		.select('sha256')
		.where('sha256', '=', sha256)
		.executeTakeFirst();
	return row !== undefined;
}

/**
 * Writes a new file in as few system calls as it takes. The prefix folder exists for all but
 * the first photo of its 256, so it is made only when opening fails for want of it: a
 * `mkdir -p` before every write cost as much as the rename and the database insert together.
 */
async function writeNew(path: string, bytes: Uint8Array): Promise<void> {
	const file = await open(path, 'w').catch(async (e: NodeJS.ErrnoException) => {
		if (e.code !== 'ENOENT') throw e;
		await mkdir(dirname(path), { recursive: true });
		return open(path, 'w');
	});
	try {
		let written = 0;
		while (written < bytes.length) {
			const { bytesWritten } = await file.write(bytes, written, bytes.length - written, written);
			if (bytesWritten === 0) throw new Error(`no progress writing ${path}`);
			written += bytesWritten;
		}
	} finally {
		await file.close();
	}
}

/** Stores checked bytes; returns false when they were already there. */
export async function storePhoto(
	db: Kysely<DB>,
	photosDir: string,
	sha256: string,
	bytes: Uint8Array
): Promise<boolean> {
	const path = photoPath(photosDir, sha256);
	if (!existsSync(path)) {
		const temporary = `${path}.${randomUUID()}.part`;
		try {
			await writeNew(temporary, bytes);
			await rename(temporary, path);
		} catch (e) {
			await rm(temporary, { force: true });
			throw e;
		}
	}
	const inserted = await db
		.insertInto('photo_blobs')
		.values({
			sha256,
			bytes: bytes.length,
			mime: 'image/jpeg',
			created_at: new Date().toISOString()
		})
		.onConflict((oc) => oc.column('sha256').doNothing())
		.executeTakeFirst();
	return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function readPhoto(
	photosDir: string,
	sha256: string
): Promise<Uint8Array<ArrayBuffer>> {
	return new Uint8Array(await readFile(photoPath(photosDir, sha256)));
}
