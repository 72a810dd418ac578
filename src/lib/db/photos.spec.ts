import { describe, expect, it, vi } from 'vitest';
import type { Inspection } from '$lib/domain';
import { photoBytesKey } from './database';
import { StorageFullError } from './errors';
import { ValidationError } from './meta';
import { countByInspection } from './outbox';
import * as photos from './photos';
import {
	createInspection,
	failWrites,
	markAllSending,
	outboxFor,
	snapshot,
	useFreshDatabase
} from './test-fixtures';

const database = useFreshDatabase();

const SHA = 'a'.repeat(64);

function ingested(overrides: Partial<photos.NewPhoto> = {}): Omit<photos.NewPhoto, 'inspectionId'> {
	return {
		target: { kind: 'item', itemId: 'A1' },
		fileName: 'bảng niêm yết.jpg',
		width: 2048,
		height: 1536,
		sha256: SHA,
		thumbWidth: 320,
		thumbHeight: 240,
		takenAt: '2025-08-15T02:30:00.000Z',
		takenAtSource: 'exif',
		location: { lat: 21.0085, lon: 105.8542, accuracyM: null, source: 'exif' },
		full: new Uint8Array([1, 2, 3, 4, 5]).buffer,
		thumb: new Uint8Array([9, 9]).buffer,
		...overrides
	};
}

async function addTo(inspection: Inspection, overrides: Partial<photos.NewPhoto> = {}) {
	return photos.add({ ...ingested(overrides), inspectionId: inspection.id });
}

describe('photos.add', () => {
	it('stores the metadata, both byte rows and one queue entry holding the metadata only', async () => {
		const inspection = await createInspection();
		const photo = await addTo(inspection);
		const d = database();

		expect(await d.photos.get(photo.id)).toEqual(photo);
		expect(photo).toMatchObject({ bytes: 5, thumbBytes: 2, mime: 'image/jpeg', deletedAt: null });
		expect(photo.fileName).toBe('bảng niêm yết.jpg'.normalize('NFC'));
		const full = await d.photoBytes.get(photoBytesKey(photo.id, 'full'));
		expect(new Uint8Array(full?.bytes ?? new ArrayBuffer(0))).toEqual(
			new Uint8Array([1, 2, 3, 4, 5])
		);
		expect(await d.photoBytes.where('photoId').equals(photo.id).count()).toBe(2);

		const [entry] = await outboxFor('photo', photo.id);
		expect(entry).toMatchObject({ op: 'upsert', inspectionId: inspection.id });
		expect(entry?.patch).toMatchObject({ sha256: SHA, target: { kind: 'item', itemId: 'A1' } });
		expect(entry?.patch).not.toHaveProperty('full');
		expect((await countByInspection()).get(inspection.id)).toBe(2);
	});

	it('rejects bad metadata before writing anything', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		await expect(addTo(inspection, { sha256: 'not-a-hash' })).rejects.toThrow();
		await expect(addTo(inspection, { width: 0 })).rejects.toThrow();
		expect(await snapshot()).toEqual(before);
	});

	it('writes neither metadata nor queue entry when the bytes hit the quota', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		failWrites(database().photoBytes);
		await expect(addTo(inspection)).rejects.toBeInstanceOf(StorageFullError);
		expect(await snapshot()).toEqual(before);
	});

	it('keeps an annotated copy apart from its original, which must exist', async () => {
		const inspection = await createInspection();
		const original = await addTo(inspection);
		const copy = await addTo(inspection, {
			sha256: 'b'.repeat(64),
			versionOf: original.id,
			annotations: [{ kind: 'rect', from: { x: 1, y: 1 }, to: { x: 5, y: 5 } }]
		});
		expect(copy.versionOf).toBe(original.id);
		expect(await database().photos.get(original.id)).toEqual(original);
		expect(await database().photoBytes.count()).toBe(4);

		await expect(
			addTo(inspection, { versionOf: '0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4' })
		).rejects.toBeInstanceOf(ValidationError);
		expect(await database().photos.count()).toBe(2);
	});
});

describe('photos.update', () => {
	it('changes caption and target, queued as one merged change', async () => {
		const inspection = await createInspection();
		const photo = await addTo(inspection);
		await markAllSending();
		await photos.update(photo.id, { caption: '  Bảng niêm yết thiếu  ' });
		const moved = await photos.update(photo.id, {
			target: { kind: 'finding', findingId: '0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4' }
		});
		expect(moved.caption).toBe('Bảng niêm yết thiếu');
		const entries = (await outboxFor('photo', photo.id)).filter((e) => e.state === 'pending');
		expect(entries).toHaveLength(1);
		expect(Object.keys(entries[0]?.patch ?? {}).sort()).toEqual(['caption', 'target', 'updatedAt']);
	});

	it('refuses a deleted or unknown photo', async () => {
		const inspection = await createInspection();
		const photo = await addTo(inspection);
		await photos.remove(photo.id);
		await expect(photos.update(photo.id, { caption: 'x' })).rejects.toBeInstanceOf(ValidationError);
		await expect(photos.update('nope', { caption: 'x' })).rejects.toBeInstanceOf(ValidationError);
	});
});

describe('photos.remove', () => {
	it('hides the photo and queues a delete, keeping the bytes until the server has it', async () => {
		const inspection = await createInspection();
		const kept = await addTo(inspection);
		const gone = await addTo(inspection, { sha256: 'c'.repeat(64) });
		await markAllSending();
		await photos.remove(gone.id);
		await photos.remove(gone.id);

		expect((await photos.listFor(inspection.id)).map((p) => p.id)).toEqual([kept.id]);
		expect((await database().photos.get(gone.id))?.deletedAt).not.toBeNull();
		expect(await photos.blobOf(gone.id, 'full')).toBeInstanceOf(Blob);
		const pending = (await outboxFor('photo', gone.id)).filter((e) => e.state === 'pending');
		expect(pending.map((e) => e.op)).toEqual(['delete']);
	});
});

describe('photos reads', () => {
	it('lists visible photos oldest first and rebuilds their bytes as JPEG blobs', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			const inspection = await createInspection();
			vi.setSystemTime(new Date('2025-08-15T08:00:00Z'));
			const first = await addTo(inspection);
			vi.setSystemTime(new Date('2025-08-15T08:05:00Z'));
			const second = await addTo(inspection, { sha256: 'd'.repeat(64) });
			const other = await createInspection();
			await addTo(other);

			expect((await photos.listFor(inspection.id)).map((p) => p.id)).toEqual([first.id, second.id]);
			const thumb = await photos.blobOf(first.id, 'thumb');
			expect(thumb?.type).toBe('image/jpeg');
			expect(new Uint8Array(await (thumb as Blob).arrayBuffer())).toEqual(new Uint8Array([9, 9]));
			expect(await photos.blobOf('missing', 'full')).toBeUndefined();
		} finally {
			vi.useRealTimers();
		}
	});

	it('sums the bytes photos take, deleted ones still waiting included', async () => {
		const inspection = await createInspection();
		const a = await addTo(inspection);
		await addTo(inspection, { sha256: 'e'.repeat(64) });
		await photos.remove(a.id);
		expect(await photos.usage()).toEqual({ count: 1, bytes: 14 });
	});
});

describe('photo uploads', () => {
	it('lists photos whose bytes the server lacks, until each is marked uploaded', async () => {
		const inspection = await createInspection();
		const a = await addTo(inspection);
		const b = await addTo(inspection, { sha256: 'f'.repeat(64) });
		const gone = await addTo(inspection, { sha256: '1'.repeat(64) });
		await photos.remove(gone.id);

		expect((await photos.unsent()).map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
		expect(await photos.countUnsent()).toBe(2);
		expect(await photos.unsentTotals()).toEqual({ count: 2, bytes: a.bytes + b.bytes });
		expect(new Uint8Array((await photos.fullBytes(a.id)) ?? new ArrayBuffer(0))).toEqual(
			new Uint8Array([1, 2, 3, 4, 5])
		);
		await photos.markUploaded(a.id);
		expect((await photos.unsent()).map((p) => p.id)).toEqual([b.id]);
		expect(await photos.unsentTotals()).toEqual({ count: 1, bytes: b.bytes });
		expect((await database().photoBytes.get(`${a.id}:full`))?.waiting).toBeUndefined();
		expect(await photos.unsent(0)).toEqual([]);
	});
});

describe('photos from other devices', () => {
	it('lists photos without bytes until they are fetched, and keeps the fetched bytes as sent', async () => {
		const inspection = await createInspection();
		const mine = await addTo(inspection);
		const theirs = { ...mine, id: '0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4', sha256: '2'.repeat(64) };
		await database().photos.put(theirs);
		expect((await photos.missingBytes(10)).map((p) => p.id)).toEqual([theirs.id]);

		await photos.storeDownloaded(theirs.id, new Uint8Array([0xff, 0xd8, 0xff]).buffer);
		expect(await photos.missingBytes(10)).toEqual([]);
		expect((await photos.blobOf(theirs.id, 'thumb'))?.size).toBe(3);
		expect((await photos.unsent()).map((p) => p.id)).toEqual([mine.id]);
	});
});
