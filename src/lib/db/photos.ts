/**
 * Photos: metadata rows plus their bytes, written with the queue entry of the metadata in one
 * transaction. Bytes arrive as ArrayBuffers already read from the ingest worker: nothing but
 * Dexie calls happens inside the transaction.
 */
import type { Photo, PhotoTarget } from '$lib/domain';
import { newId, nowIso } from '$lib/domain/ids';
import { db } from './connection';
import { photoBytesKey, type PhotoBytes } from './database';
import { deviceId, inspectorName, ValidationError } from './meta';
import { commit, type Change } from './write-path';

let schemaModule: Promise<typeof import('$lib/domain/photo')> | undefined;
function schema() {
	schemaModule ??= import('$lib/domain/photo');
	return schemaModule;
}

/** What the ingest pipeline measured; the repository adds who, where from and when. */
export type IngestedPhoto = Pick<
	Photo,
	| 'fileName'
	| 'width'
	| 'height'
	| 'sha256'
	| 'thumbWidth'
	| 'thumbHeight'
	| 'takenAt'
	| 'takenAtSource'
	| 'location'
> & { full: ArrayBuffer; thumb: ArrayBuffer };

export type NewPhoto = IngestedPhoto & {
	inspectionId: string;
	target: PhotoTarget;
	caption?: string;
	versionOf?: string | null;
	annotations?: Record<string, unknown>[] | null;
};

function change(photo: Pick<Photo, 'id' | 'inspectionId'>, patch: Record<string, unknown>): Change {
	return {
		entity: 'photo',
		entityId: photo.id,
		inspectionId: photo.inspectionId,
		op: 'upsert',
		patch
	};
}

export async function add(input: NewPhoto): Promise<Photo> {
	const [{ PhotoSchema }, device] = await Promise.all([schema(), deviceId()]);
	const at = nowIso();
	const { full, thumb, ...meta } = input;
	const photo = PhotoSchema.parse({
		...meta,
		id: newId(),
		caption: input.caption ?? '',
		mime: 'image/jpeg',
		bytes: full.byteLength,
		thumbBytes: thumb.byteLength,
		versionOf: input.versionOf ?? null,
		annotations: input.annotations ?? null,
		by: inspectorName(),
		deviceId: device,
		createdAt: at,
		updatedAt: at,
		deletedAt: null
	});
	const rows: PhotoBytes[] = [
		{
			key: photoBytesKey(photo.id, 'full'),
			photoId: photo.id,
			size: 'full',
			mime: photo.mime,
			bytes: full,
			waiting: 1
		},
		{
			key: photoBytesKey(photo.id, 'thumb'),
			photoId: photo.id,
			size: 'thumb',
			mime: photo.mime,
			bytes: thumb
		}
	];
	const database = db();
	await commit([database.photos, database.photoBytes], async () => {
		if (photo.versionOf) {
			const original = await database.photos.get(photo.versionOf);
			if (!original || original.deletedAt) throw new ValidationError('not-found', 'versionOf');
		}
		await Promise.all([database.photos.add(photo), database.photoBytes.bulkAdd(rows)]);
		return change(photo, { ...photo });
	});
	return photo;
}

export type PhotoEdit = { caption?: string; target?: PhotoTarget };

/** Caption and target only: the bytes, hash and drawing of a stored photo never change. */
export async function update(id: string, edit: PhotoEdit): Promise<Photo> {
	const { PhotoSchema } = await schema();
	const database = db();
	let updated: Photo | undefined;
	await commit([database.photos], async () => {
		const current = await database.photos.get(id);
		if (!current || current.deletedAt) throw new ValidationError('not-found');
		const next = PhotoSchema.parse({ ...current, ...edit, updatedAt: nowIso() });
		const patch = Object.fromEntries(
			(['caption', 'target'] as const).filter((k) => edit[k] !== undefined).map((k) => [k, next[k]])
		);
		updated = next;
		if (Object.keys(patch).length === 0) return [];
		await database.photos.put(next);
		return change(next, { ...patch, updatedAt: next.updatedAt });
	});
	if (!updated) throw new ValidationError('not-found');
	return updated;
}

/**
 * Hides the photo at once and queues its deletion. Row and bytes stay until the server has the
 * delete (the sync engine purges them then), so a photo deleted by mistake offline is not gone.
 */
export async function remove(id: string): Promise<void> {
	const database = db();
	await commit([database.photos], async () => {
		const current = await database.photos.get(id);
		if (!current || current.deletedAt) return [];
		const at = nowIso();
		await database.photos.update(id, { deletedAt: at, updatedAt: at });
		return {
			entity: 'photo',
			entityId: id,
			inspectionId: current.inspectionId,
			op: 'delete',
			patch: { inspectionId: current.inspectionId }
		};
	});
}

/** Visible photos of one inspection, oldest first. */
export async function listFor(inspectionId: string): Promise<Photo[]> {
	const rows = await db().photos.where('inspectionId').equals(inspectionId).toArray();
	return rows.filter((p) => !p.deletedAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The stored bytes as a Blob for display; undefined when the photo or its bytes are gone. */
export async function blobOf(id: string, size: PhotoBytes['size']): Promise<Blob | undefined> {
	const row = await db().photoBytes.get(photoBytesKey(id, size));
	return row ? new Blob([row.bytes], { type: row.mime }) : undefined;
}

export type PhotoUsage = { count: number; bytes: number };

/** Space taken by photo bytes on this device, deleted ones still waiting for the server included. */
export async function usage(): Promise<PhotoUsage> {
	let count = 0;
	let bytes = 0;
	await db().photos.each((p) => {
		count += p.deletedAt ? 0 : 1;
		bytes += p.bytes + p.thumbBytes;
	});
	return { count, bytes };
}

/**
 * Photos whose bytes the server does not have yet, oldest first: what an upload round sends.
 * Found through the `waiting` index by key, so no photo's bytes are read to answer.
 */
export async function unsent(limit = Infinity): Promise<Photo[]> {
	const database = db();
	const keys = await database.photoBytes.where('waiting').equals(1).primaryKeys();
	const found = await database.photos.bulkGet(
		keys.map((key) => key.slice(0, key.lastIndexOf(':')))
	);
	return found
		.filter((p): p is Photo => p !== undefined && !p.deletedAt)
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
		.slice(0, limit);
}

export async function countUnsent(): Promise<number> {
	return (await unsent()).length;
}

/** How much an upload round has to send: photos and their bytes. */
export async function unsentTotals(): Promise<{ count: number; bytes: number }> {
	const waiting = await unsent();
	return { count: waiting.length, bytes: waiting.reduce((sum, p) => sum + p.bytes, 0) };
}

export async function fullBytes(id: string): Promise<ArrayBuffer | undefined> {
	return (await db().photoBytes.get(photoBytesKey(id, 'full')))?.bytes;
}

/** The server confirmed it holds the bytes: they now count as sent (and may be evicted later). */
export async function markUploaded(id: string): Promise<void> {
	// Dexie removes a property updated to undefined: the row leaves the `waiting` index.
	await db().photoBytes.update(photoBytesKey(id, 'full'), {
		uploadedAt: nowIso(),
		waiting: undefined
	});
}

/** Photos that arrived from another device by sync, whose bytes this device has not fetched yet. */
export async function missingBytes(limit: number): Promise<Photo[]> {
	const database = db();
	const held = new Set(await database.photoBytes.toCollection().primaryKeys());
	const out: Photo[] = [];
	await database.photos.each((photo) => {
		if (out.length < limit && !photo.deletedAt && !held.has(photoBytesKey(photo.id, 'full'))) {
			out.push(photo);
		}
	});
	return out;
}

/**
 * Keeps bytes fetched from the server. They serve as the thumbnail too: scaling them down here
 * would need a canvas, and the server already holds them, so they count as uploaded.
 */
export async function storeDownloaded(id: string, bytes: ArrayBuffer): Promise<void> {
	const at = nowIso();
	const row = (size: PhotoBytes['size']): PhotoBytes => ({
		key: photoBytesKey(id, size),
		photoId: id,
		size,
		mime: 'image/jpeg',
		bytes,
		uploadedAt: at
	});
	await db().photoBytes.bulkPut([row('full'), row('thumb')]);
}
