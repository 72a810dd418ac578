import { describe, expect, it } from 'vitest';
import { baseJpeg, corruptJpeg, notAnImage, withExif, type ExifTags } from '$fixtures/jpeg';
import { exifTakenAtIso, readExif, type ExifInfo } from './exif';

const NO_EXIF: ExifInfo = { orientation: null, takenAt: null, offset: null, gps: null };
const ORDERS = ['II', 'MM'] as const;

const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

function indexOf(haystack: Uint8Array, needle: number[]): number {
	return haystack.findIndex((_, i) => needle.every((byte, j) => haystack[i + j] === byte));
}

/** The APP1 segment withExif put right after SOI, marker included. */
function app1Of(jpeg: Uint8Array): Uint8Array {
	return jpeg.slice(2, 4 + ((jpeg[4]! << 8) | jpeg[5]!));
}

function insertAt(jpeg: Uint8Array, at: number, segment: ArrayLike<number>): Uint8Array {
	return Uint8Array.from([...jpeg.subarray(0, at), ...Array.from(segment), ...jpeg.subarray(at)]);
}

const ALL_TAGS: ExifTags = {
	orientation: 6,
	dateTimeOriginal: '2025:08:15 09:30:00',
	offsetTimeOriginal: '+07:00',
	gps: { lat: 21.0285, lon: 105.8542 }
};

describe('readExif', () => {
	it('gives all nulls for a JPEG without EXIF and for non-JPEG bytes', () => {
		expect(readExif(baseJpeg())).toEqual(NO_EXIF);
		expect(readExif(notAnImage())).toEqual(NO_EXIF);
		expect(readExif(corruptJpeg())).toEqual(NO_EXIF);
		expect(readExif(new Uint8Array())).toEqual(NO_EXIF);
	});

	it.each(ORDERS)('reads every orientation in %s byte order', (byteOrder) => {
		for (let orientation = 1; orientation <= 8; orientation++) {
			expect(readExif(withExif(baseJpeg(), { orientation, byteOrder }))).toEqual({
				...NO_EXIF,
				orientation
			});
		}
	});

	it('ignores orientations outside 1..8', () => {
		expect(readExif(withExif(baseJpeg(), { orientation: 0 })).orientation).toBeNull();
		expect(readExif(withExif(baseJpeg(), { orientation: 9 })).orientation).toBeNull();
	});

	it.each(ORDERS)('reads the capture time and its offset in %s byte order', (byteOrder) => {
		const info = readExif(withExif(baseJpeg(), { ...ALL_TAGS, byteOrder }));
		expect(info).toMatchObject({ takenAt: '2025-08-15T09:30:00', offset: '+07:00' });
	});

	it('leaves the offset null when the camera did not record one', () => {
		const info = readExif(withExif(baseJpeg(), { dateTimeOriginal: '2024:02:29 23:59:59' }));
		expect(info).toEqual({ ...NO_EXIF, takenAt: '2024-02-29T23:59:59' });
	});

	it.each([
		'2025:13:01 10:00:00',
		'0000:00:00 00:00:00',
		'2025:02:29 10:00:00',
		'2025:04:31 10:00:00',
		'2025:08:15 24:00:00',
		'2025:08:15 10:60:00',
		'    :  :     :  :  ',
		'2025-08-15T10:00:00'
	])('rejects the capture time %j', (dateTimeOriginal) => {
		expect(readExif(withExif(baseJpeg(), { dateTimeOriginal })).takenAt).toBeNull();
	});

	it('reads negative offsets and rejects placeholder or impossible ones', () => {
		const offsetOf = (offsetTimeOriginal: string) =>
			readExif(withExif(baseJpeg(), { ...ALL_TAGS, offsetTimeOriginal })).offset;
		expect(offsetOf('-05:30')).toBe('-05:30');
		expect(offsetOf('+14:00')).toBe('+14:00');
		expect(offsetOf('   :  ')).toBeNull();
		expect(offsetOf('+15:00')).toBeNull();
		expect(offsetOf('+07:75')).toBeNull();
	});

	it.each(ORDERS)('reads GPS north/east and south/west in %s byte order', (byteOrder) => {
		const hanoi = readExif(withExif(baseJpeg(), { ...ALL_TAGS, byteOrder })).gps;
		expect(hanoi?.lat).toBeCloseTo(21.0285, 5);
		expect(hanoi?.lon).toBeCloseTo(105.8542, 5);
		const rio = readExif(
			withExif(baseJpeg(), { gps: { lat: -22.9068, lon: -43.1729 }, byteOrder })
		);
		expect(rio.gps?.lat).toBeCloseTo(-22.9068, 5);
		expect(rio.gps?.lon).toBeCloseTo(-43.1729, 5);
	});

	it('rejects impossible coordinates', () => {
		expect(readExif(withExif(baseJpeg(), { gps: { lat: 95, lon: 105 } })).gps).toBeNull();
		expect(readExif(withExif(baseJpeg(), { gps: { lat: 21, lon: -181 } })).gps).toBeNull();
	});

	it('rejects a coordinate with a zero denominator', () => {
		const jpeg = withExif(baseJpeg(), { gps: { lat: 12.5, lon: 105 } });
		// 12/1 30/1: the latitude's degrees and minutes, little-endian.
		const at = indexOf(jpeg, [...le32(12), ...le32(1), ...le32(30), ...le32(1)]);
		expect(at).toBeGreaterThan(0);
		jpeg.set(le32(0), at + 12);
		expect(readExif(jpeg).gps).toBeNull();
	});

	it('reads only the first EXIF segment, past XMP, and nothing after the scan starts', () => {
		const first = withExif(baseJpeg(), { orientation: 3 });
		const second = app1Of(withExif(baseJpeg(), { orientation: 8 }));
		const twice = insertAt(first, 2 + app1Of(first).length, second);
		expect(readExif(twice).orientation).toBe(3);

		const xmpBody = [...'http://ns.adobe.com/xap/1.0/\0<x/>'].map((c) => c.charCodeAt(0));
		const xmp = [0xff, 0xe1, 0, xmpBody.length + 2, ...xmpBody];
		expect(readExif(insertAt(first, 2, xmp)).orientation).toBe(3);

		expect(readExif(Uint8Array.from([...baseJpeg(), ...second])).orientation).toBeNull();
	});

	it.each(ORDERS)('survives every truncation in %s byte order', (byteOrder) => {
		const jpeg = withExif(baseJpeg(), { ...ALL_TAGS, byteOrder });
		const full = readExif(jpeg);
		for (let cut = 0; cut <= jpeg.length; cut++) {
			const info = readExif(jpeg.subarray(0, cut));
			for (const key of Object.keys(full) as (keyof ExifInfo)[]) {
				expect([null, full[key]]).toContainEqual(info[key]);
			}
		}
		// Cut inside the first IFD: nothing whole is left to read.
		expect(readExif(jpeg.subarray(0, 30))).toEqual(NO_EXIF);
	});

	it('survives an APP1 length pointing past the end of the file', () => {
		const jpeg = withExif(baseJpeg(), ALL_TAGS);
		jpeg.set([0xff, 0xff], 4);
		expect(() => readExif(jpeg)).not.toThrow();
		expect(readExif(jpeg).orientation).toBe(6);
	});

	it('does not follow IFD pointers back to an IFD already read', () => {
		const jpeg = withExif(baseJpeg(), ALL_TAGS);
		// Pointer entries (tag, LONG, count 1) of IFD0, little-endian; IFD0 itself is at offset 8.
		const exifPointer = indexOf(jpeg, [0x69, 0x87, 4, 0, 1, 0, 0, 0]);
		const gpsPointer = indexOf(jpeg, [0x25, 0x88, 4, 0, 1, 0, 0, 0]);
		expect(exifPointer).toBeGreaterThan(0);
		expect(gpsPointer).toBeGreaterThan(0);
		jpeg.set(le32(8), exifPointer + 8);
		jpeg.set(le32(8), gpsPointer + 8);
		expect(readExif(jpeg)).toEqual({ ...NO_EXIF, orientation: 6 });
	});

	it('never throws on damaged TIFF data', () => {
		const original = withExif(baseJpeg(), ALL_TAGS);
		// SOI, marker, length and "Exif\0\0" come first; the TIFF data fills the rest of APP1.
		const tiffAt = 12;
		const tiffLength = app1Of(original).length - 10;
		let state = 7;
		const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 8;
		for (let round = 0; round < 500; round++) {
			const jpeg = original.slice();
			for (let k = 0; k < 4; k++) {
				jpeg[tiffAt + (next() % tiffLength)] = next() & 0xff;
			}
			expect(() => readExif(jpeg)).not.toThrow();
		}
	});
});

describe('exifTakenAtIso', () => {
	const at = (takenAt: string | null, offset: string | null = null): ExifInfo => ({
		...NO_EXIF,
		takenAt,
		offset
	});

	it('uses the recorded offset', () => {
		expect(exifTakenAtIso(at('2025-08-15T09:30:00', '+07:00'), 0)).toBe('2025-08-15T02:30:00.000Z');
		expect(exifTakenAtIso(at('2025-01-01T03:00:00', '+07:00'), 0)).toBe('2024-12-31T20:00:00.000Z');
		expect(exifTakenAtIso(at('2025-08-15T21:00:00', '-05:30'), 0)).toBe('2025-08-16T02:30:00.000Z');
	});

	it('falls back to the given offset, in minutes east of UTC', () => {
		expect(exifTakenAtIso(at('2025-08-15T09:30:00'), 420)).toBe('2025-08-15T02:30:00.000Z');
		expect(exifTakenAtIso(at('2025-08-15T09:30:00'), -300)).toBe('2025-08-15T14:30:00.000Z');
	});

	it('works on what readExif returns', () => {
		const info = readExif(withExif(baseJpeg(), ALL_TAGS));
		expect(exifTakenAtIso(info, -600)).toBe('2025-08-15T02:30:00.000Z');
	});

	it('gives null without a usable time', () => {
		expect(exifTakenAtIso(NO_EXIF, 420)).toBeNull();
		expect(exifTakenAtIso(at('2025-08-15T09:30:00'), Number.NaN)).toBeNull();
		expect(exifTakenAtIso(at('2025-08-15T09:30:00'), 1e12)).toBeNull();
	});
});
