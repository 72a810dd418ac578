/**
 * The PDF of signed minutes, stored once: `<DATA_DIR>/minutes/<id>.pdf`, its SHA-256 and size in
 * the minutes row. The PDF is not what the seal covers (jsPDF output is not reproducible byte for
 * byte), so the server keeps the first copy the device made and refuses any other: the
 * verification page compares uploaded copies with it.
 *
 * A write goes to a temporary file renamed into place before the row records it, so a crash
 * leaves either nothing recorded (the next upload replaces the stray file) or a whole file.
 * Uploads of one minutes' PDF are serialised in this process, so two different copies arriving
 * together cannot leave one file on disk and the other's hash in the row.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { SEAL_MARKER_PREFIX } from '$lib/sync/minutes-wire';
import type { DB } from '../db/schema';

export function minutesDir(dataDir: string): string {
	return join(dataDir, 'minutes');
}

export function minutesPdfPath(dataDir: string, id: string): string {
	return join(minutesDir(dataDir), `${id}.pdf`);
}

const MAGIC = Buffer.from('%PDF-', 'latin1');
/** Readers accept the header anywhere in the first KB; so does the verification page. */
const HEADER_WINDOW = 1024;

export function isPdf(bytes: Uint8Array): boolean {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
		.subarray(0, HEADER_WINDOW + MAGIC.length)
		.includes(MAGIC);
}

export function sha256Of(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

const MARKER = new RegExp(`${SEAL_MARKER_PREFIX}([0-9a-f]{64})`, 'g');

/**
 * The content hashes named by seal markers in the PDF's bytes (the Info dictionary's Keywords,
 * or XMP metadata), in order, without repeats. A PDF string may also be UTF-16BE, whose ASCII
 * characters are each preceded by a zero byte, so the bytes are searched with zeros removed too.
 */
export function sealMarkersIn(bytes: Uint8Array): string[] {
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	const found = new Set<string>();
	for (const source of [text, text.includes('\u0000') ? text.replaceAll('\u0000', '') : '']) {
		for (const match of source.matchAll(MARKER)) found.add(match[1] ?? '');
	}
	found.delete('');
	return [...found];
}

export type StoreOutcome = 'created' | 'same' | 'different';

const locks = new Map<string, Promise<unknown>>();

async function serialised<T>(key: string, run: () => Promise<T>): Promise<T> {
	const previous = locks.get(key) ?? Promise.resolve();
	const next = previous.then(run, run);
	const settled = next.catch(() => undefined);
	locks.set(key, settled);
	try {
		return await next;
	} finally {
		if (locks.get(key) === settled) locks.delete(key);
	}
}

/** Stores the PDF of existing minutes unless one is stored; says how the bytes compare. */
export function storeMinutesPdf(
	db: Kysely<DB>,
	dataDir: string,
	id: string,
	bytes: Uint8Array
): Promise<StoreOutcome> {
	return serialised(id, async () => {
		const sha256 = sha256Of(bytes);
		const row = await db
			.selectFrom('minutes')
			.select('pdf_sha256')
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		if (row.pdf_sha256) return row.pdf_sha256 === sha256 ? 'same' : 'different';

		const path = minutesPdfPath(dataDir, id);
		const temporary = `${path}.${randomUUID()}.part`;
		await mkdir(minutesDir(dataDir), { recursive: true });
		try {
			await writeFile(temporary, bytes);
			await rename(temporary, path);
		} catch (e) {
			await rm(temporary, { force: true });
			throw e;
		}
		await db
			.updateTable('minutes')
			.set({
				pdf_sha256: sha256,
				pdf_bytes: bytes.length,
				pdf_received_at: new Date().toISOString()
			})
			.where('id', '=', id)
			.where('pdf_sha256', 'is', null)
			.execute();
		return 'created';
	});
}

export async function readMinutesPdf(
	dataDir: string,
	id: string
): Promise<Uint8Array<ArrayBuffer>> {
	return new Uint8Array(await readFile(minutesPdfPath(dataDir, id)));
}
