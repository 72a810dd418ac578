/**
 * Photo bytes on disk, addressed by their SHA-256: `<photos>/<aa>/<sha256>.jpg`. An upload is
 * streamed into a temporary file renamed into place once its hash matches, so a crash or a cut
 * connection never leaves half a photo under a real name, and storing the same bytes twice keeps
 * one file. Temporary files left by a crash are swept at start.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
	closeSync,
	mkdirSync,
	openSync,
	readdirSync,
	renameSync,
	rmSync,
	writeSync
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema';

/** Devices store at most 2048 px JPEGs, well under this; the limit is about abuse. */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

const PART = '.part';

export type StoreProblem = 'hash-mismatch' | 'not-a-jpeg' | 'too-big' | 'empty' | 'incomplete';

export function photoPath(photosDir: string, sha256: string): string {
	return join(photosDir, sha256.slice(0, 2), `${sha256}.jpg`);
}

export function isJpeg(bytes: ArrayLike<number>): boolean {
	return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
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
 * The prefix folder exists for all but the first photo of its 256, so it is made only when
 * opening fails for want of it.
 */
function openNew(path: string): number {
	try {
		return openSync(path, 'w');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
		mkdirSync(dirname(path), { recursive: true });
		return openSync(path, 'w');
	}
}

function writeAt(fd: number, bytes: Uint8Array, position: number): void {
	let written = 0;
	while (written < bytes.length) {
		written += writeSync(fd, bytes, written, bytes.length - written, position + written);
	}
}

/**
 * Checks the bytes as they arrive: the JPEG start marker, the size limit, the running SHA-256.
 * After a problem the rest of the body is still read (and dropped), so the client gets its
 * answer instead of a reset connection.
 */
class UploadCheck {
	readonly #hash = createHash('sha256');
	readonly #head: number[] = [];
	size = 0;
	problem: StoreProblem | null = null;

	/** True when the chunk is good to keep. */
	take(chunk: Uint8Array): boolean {
		if (this.problem) return false;
		for (let i = 0; this.#head.length < 3 && i < chunk.length; i++) this.#head.push(chunk[i]!);
		if (this.#head.length === 3 && !isJpeg(this.#head)) this.problem = 'not-a-jpeg';
		this.size += chunk.length;
		if (this.size > MAX_UPLOAD_BYTES) this.problem = 'too-big';
		if (this.problem) return false;
		this.#hash.update(chunk);
		return true;
	}

	finish(sha256: string): StoreProblem | null {
		if (this.problem) return this.problem;
		if (this.size === 0) return 'empty';
		if (!isJpeg(this.#head)) return 'not-a-jpeg';
		return this.#hash.digest('hex') === sha256 ? null : 'hash-mismatch';
	}
}

/**
 * Streams an upload to disk and records it; answers whether it was new, or what was wrong.
 *
 * Each chunk is hashed and written the moment it arrives, so the work overlaps the transfer as
 * in a plain file upload, and little is left once the last byte is in. The writes are
 * synchronous: a chunk lands in the page cache in microseconds, less than the trip through
 * libuv's thread pool and back that an asynchronous write costs.
 */
export async function receivePhoto(
	db: Kysely<DB>,
	photosDir: string,
	sha256: string,
	body: ReadableStream<Uint8Array>
): Promise<StoreProblem | 'created' | 'exists'> {
	const path = photoPath(photosDir, sha256);
	const temporary = `${path}.${randomUUID()}${PART}`;
	const fd = openNew(temporary);
	const check = new UploadCheck();
	let problem: StoreProblem | null;
	try {
		const reader = body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			if (check.take(value)) writeAt(fd, value, check.size - value.length);
		}
		problem = check.finish(sha256);
	} catch (e) {
		// The body stream fails when the client goes away or passes BODY_SIZE_LIMIT.
		problem = (e as { status?: number }).status === 413 ? 'too-big' : 'incomplete';
	} finally {
		closeSync(fd);
	}
	if (problem) {
		rmSync(temporary, { force: true });
		return problem;
	}
	renameSync(temporary, path);
	const inserted = await db
		.insertInto('photo_blobs')
		.values({
			sha256,
			bytes: check.size,
			mime: 'image/jpeg',
			created_at: new Date().toISOString()
		})
		.onConflict((oc) => oc.column('sha256').doNothing())
		.executeTakeFirst();
	return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? 'created' : 'exists';
}

/** Removes the temporary files of uploads a crash or a kill cut short; run before serving. */
export function sweepPartialUploads(photosDir: string): number {
	let removed = 0;
	for (const prefix of readdirSync(photosDir, { withFileTypes: true })) {
		if (!prefix.isDirectory()) continue;
		const folder = join(photosDir, prefix.name);
		for (const name of readdirSync(folder)) {
			if (!name.endsWith(PART)) continue;
			rmSync(join(folder, name), { force: true });
			removed++;
		}
	}
	return removed;
}

export async function readPhoto(
	photosDir: string,
	sha256: string
): Promise<Uint8Array<ArrayBuffer>> {
	return new Uint8Array(await readFile(photoPath(photosDir, sha256)));
}
