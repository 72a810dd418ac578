/**
 * One sync round: push everything waiting, then pull everything new. The order matters: the
 * device's own edits reach the server before its changes come back, so a pull never has to
 * step around more pending fields than necessary. Every step is idempotent, so a round cut
 * short anywhere (network, tab closed) is simply run again.
 */
import { isQuotaError, StorageFullError } from '$lib/db/errors';
import { ServerRefusedError, type SyncClient } from './client';
import type { Change, MutationResult, PushMutation } from './protocol';

export const PUSH_BATCH = 200;
/** Photo bytes fetched per round; the rest come in the next rounds. */
const MAX_DOWNLOADS = 50;
/** Photos uploaded per round; a device with more sends the rest in the next rounds. */
const MAX_UPLOADS = 1000;
/** A round never loops forever on a server that keeps saying "more". */
const MAX_PAGES = 1000;

export type LocalSide = {
	nextPushBatch(limit: number): Promise<PushMutation[]>;
	acknowledge(results: MutationResult[]): Promise<void>;
	pullCursor(): Promise<number>;
	applyPulled(changes: Change[], cursor: number): Promise<void>;
	unsentPhotos(limit: number): Promise<{ id: string; sha256: string; bytes: number }[]>;
	photoBytes(id: string): Promise<ArrayBuffer | undefined>;
	markUploaded(id: string): Promise<void>;
	missingBytes(limit: number): Promise<{ id: string; sha256: string }[]>;
	storeDownloaded(id: string, bytes: ArrayBuffer): Promise<void>;
	/** This device's public key when the server has not confirmed holding it yet. */
	keyToRegister(): Promise<{ keyId: string; publicKeyJwk: object } | null>;
	markKeyRegistered(keyId: string): Promise<void>;
	unsentPdfs(): Promise<string[]>;
	pdfBytes(minutesId: string): Promise<ArrayBuffer | undefined>;
	markPdfUploaded(minutesId: string): Promise<void>;
	/** Gives up the room kept for sync (src/lib/db/reserve.ts); true when there was some. */
	releaseReserve(): Promise<boolean>;
	/** Takes that room back when there is plenty; never fails. */
	holdReserve(): Promise<boolean>;
};

export type RoundResult = {
	pushed: number;
	rejected: number;
	conflicts: number;
	photos: number;
	pulled: number;
	downloaded: number;
	pdfs: number;
	/**
	 * The round went through but space is short: it met a full disk and used the reserve, left
	 * photos it had no room for, or could not take the reserve back.
	 */
	storageLow: boolean;
};

/** What a round is doing, for a person to follow: photo uploads count bytes for a progress bar. */
export type SyncProgress =
	| { stage: 'push' | 'pull'; done: number }
	| { stage: 'photos'; done: number; total: number; bytesDone: number; bytesTotal: number };

export type Progress = (progress: SyncProgress) => void;

/**
 * A full disk fails the round with StorageFullError, whichever write met it (Dexie may wrap the
 * browser's QuotaExceededError): the person is told to free space, never that the server failed.
 */
export async function syncRound(
	client: SyncClient,
	local: LocalSide,
	deviceId: string,
	progress: Progress = () => {}
): Promise<RoundResult> {
	try {
		return await round(client, local, deviceId, progress);
	} catch (error) {
		throw isQuotaError(error) ? new StorageFullError(error) : error;
	}
}

async function round(
	client: SyncClient,
	local: LocalSide,
	deviceId: string,
	progress: Progress
): Promise<RoundResult> {
	const result: RoundResult = {
		pushed: 0,
		rejected: 0,
		conflicts: 0,
		photos: 0,
		pulled: 0,
		downloaded: 0,
		pdfs: 0,
		storageLow: false
	};
	// The first write refused for want of space gives up the reserve and is tried once more: each
	// of these writes is one transaction, so a refused one left nothing behind.
	const write = async <T>(step: () => Promise<T>): Promise<T> => {
		try {
			return await step();
		} catch (error) {
			if (!isQuotaError(error) || result.storageLow || !(await local.releaseReserve())) {
				throw error;
			}
			result.storageLow = true;
			return step();
		}
	};
	// The server checks a seal against the key this device registered: the key goes first.
	const key = await local.keyToRegister();
	if (key) {
		await client.registerKey(key.publicKeyJwk);
		await write(() => local.markKeyRegistered(key.keyId));
	}
	for (let page = 0; page < MAX_PAGES; page++) {
		const batch = await write(() => local.nextPushBatch(PUSH_BATCH));
		if (batch.length === 0) break;
		const { results } = await client.push({ deviceId, mutations: batch });
		await write(() => local.acknowledge(results));
		for (const r of results) {
			if (r.status === 'rejected') result.rejected++;
			else result.pushed++;
			if (r.status === 'conflict') result.conflicts++;
		}
		progress({ stage: 'push', done: result.pushed + result.rejected });
		if (batch.length < PUSH_BATCH) break;
	}
	// Bytes go one photo at a time, each confirmed on its own: an upload cut short resumes with
	// the photos not yet confirmed, never from the start of the batch. Photos taken while this
	// round runs wait for the next one, so the bar's total holds still.
	const uploads = await local.unsentPhotos(MAX_UPLOADS);
	const bytesTotal = uploads.reduce((sum, p) => sum + p.bytes, 0);
	let bytesDone = 0;
	const photoProgress = () =>
		progress({
			stage: 'photos',
			done: result.photos,
			total: uploads.length,
			bytesDone,
			bytesTotal
		});
	if (uploads.length > 0) photoProgress();
	for (const photo of uploads) {
		if (!(await client.hasPhoto(photo.sha256))) {
			const bytes = await local.photoBytes(photo.id);
			if (bytes) await client.putPhoto(photo.sha256, bytes);
		}
		await write(() => local.markUploaded(photo.id));
		result.photos++;
		bytesDone += photo.bytes;
		photoProgress();
	}
	// A sealed minutes' PDF follows its minutes (pushed above). The server keeps the first PDF
	// it gets for them: a 409 means it already holds one of the same sealed content. Any other
	// refusal is final (asking again cannot change it); the PDF stays on the device either way.
	for (const minutesId of await local.unsentPdfs()) {
		const bytes = await local.pdfBytes(minutesId);
		try {
			if (bytes) await client.putMinutesPdf(minutesId, bytes);
		} catch (e) {
			if (!(e instanceof ServerRefusedError)) throw e;
			// Not there yet: its minutes are still on their way, or were refused.
			if (e.status === 404) continue;
		}
		await write(() => local.markPdfUploaded(minutesId));
		result.pdfs++;
	}
	let cursor = await local.pullCursor();
	for (let page = 0; page < MAX_PAGES; page++) {
		const { changes, cursor: next, more } = await client.pull(cursor);
		await write(() => local.applyPulled(changes, next));
		result.pulled += changes.length;
		progress({ stage: 'pull', done: result.pulled });
		cursor = next;
		if (!more) break;
	}
	// Photos other members took arrive as metadata; their bytes follow, one at a time. Bytes the
	// taker has not uploaded yet (404) are simply fetched in a later round. They never spend the
	// reserve: on a full disk they wait, and the round still counts, since all was sent.
	const downloads = result.storageLow ? [] : await local.missingBytes(MAX_DOWNLOADS);
	for (const photo of downloads) {
		let bytes: ArrayBuffer;
		try {
			bytes = await client.getPhoto(photo.sha256);
		} catch (e) {
			if (e instanceof ServerRefusedError && e.status === 404) continue;
			throw e;
		}
		try {
			await local.storeDownloaded(photo.id, bytes);
		} catch (e) {
			if (!isQuotaError(e)) throw e;
			result.storageLow = true;
			break;
		}
		result.downloaded++;
	}
	// A device that cannot keep its reserve any more is short of space even if nothing was refused.
	if (!(await local.holdReserve())) result.storageLow = true;
	return result;
}

/** Exponential backoff with full jitter: retries from many devices do not arrive together. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
	const ceiling = Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, failures - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
