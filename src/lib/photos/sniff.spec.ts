import { describe, expect, it } from 'vitest';
import { baseJpeg, corruptJpeg, heicHead, notAnImage, withExif } from '$fixtures/jpeg';
import { MAX_PHOTO_BYTES } from './limits';
import { checkPhotoFile, jpegSegments, sniffImage, type ImageFormat } from './sniff';

const text = (s: string) => [...s].map((c) => c.charCodeAt(0));
const le16 = (n: number) => [n & 0xff, n >> 8];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const be16 = (n: number) => [n >> 8, n & 0xff];
const be32 = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const bytes = (...parts: (number | ArrayLike<number>)[]) =>
	Uint8Array.from(parts.flatMap((part) => (typeof part === 'number' ? [part] : Array.from(part))));

/** A JPEG head with only a quantisation table and a frame header of the given kind and size. */
function jpegHead(width: number, height: number, sof = 0xc0): Uint8Array {
	const dqt = [0xff, 0xdb, ...be16(67), 0, ...Array<number>(64).fill(1)];
	const frame = [0xff, sof, ...be16(17), 8, ...be16(height), ...be16(width), 3];
	return bytes(0xff, 0xd8, dqt, frame, [1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
}

const png = (w: number, h: number) =>
	bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), text('IHDR'), be32(w), be32(h));
const gif = (w: number, h: number) => bytes(text('GIF89a'), le16(w), le16(h), 0xf7, 0, 0);
const riff = (chunk: string, payload: number[]) =>
	bytes(
		text('RIFF'),
		le32(4 + 8 + payload.length),
		text('WEBP'),
		text(chunk),
		le32(payload.length),
		payload
	);
const ftyp = (major: string, ...compatible: string[]) =>
	bytes(
		be32(16 + compatible.length * 4),
		text('ftyp'),
		text(major),
		be32(0),
		compatible.map(text).flat()
	);

function bmp(w: number, h: number, headerSize = 40): Uint8Array {
	const info =
		headerSize === 12
			? [...le32(12), ...le16(w), ...le16(h), ...le16(1), ...le16(24)]
			: [...le32(headerSize), ...le32(w), ...le32(h), ...le16(1), ...le16(24)];
	return bytes(text('BM'), le32(1000), le32(0), le32(54), info, Array<number>(24).fill(0));
}

/** Deterministic noise, so a failure can be replayed. */
function noise(seed: number, length: number): Uint8Array {
	let state = seed;
	return Uint8Array.from({ length }, () => {
		state = (state * 1103515245 + 12345) >>> 0;
		return state >>> 24;
	});
}

describe('sniffImage', () => {
	it('reads a real JPEG and its size', () => {
		expect(sniffImage(baseJpeg())).toEqual({ format: 'jpeg', width: 64, height: 32 });
	});

	it('finds the frame header behind an EXIF segment', () => {
		const jpeg = withExif(baseJpeg(), { orientation: 6, gps: { lat: 21, lon: 105 } });
		expect(sniffImage(jpeg)).toEqual({ format: 'jpeg', width: 64, height: 32 });
	});

	it('accepts progressive and other SOF kinds', () => {
		for (const sof of [0xc1, 0xc2, 0xc3, 0xc9, 0xcf]) {
			expect(sniffImage(jpegHead(4000, 3000, sof))).toEqual({
				format: 'jpeg',
				width: 4000,
				height: 3000
			});
		}
	});

	it('does not take DHT, JPG or DAC segments for a frame header', () => {
		const lookalike = (marker: number) => [0xff, marker, ...be16(7), 8, ...be16(1), ...be16(1)];
		const jpeg = bytes(
			lookalike(0xc4),
			lookalike(0xc8),
			lookalike(0xcc),
			jpegHead(640, 480).slice(2)
		);
		expect(sniffImage(bytes(0xff, 0xd8, jpeg))).toEqual({
			format: 'jpeg',
			width: 640,
			height: 480
		});
	});

	it('skips 0xFF fill bytes before markers and markers without a length', () => {
		const head = jpegHead(800, 600);
		const filled = bytes(0xff, 0xd8, 0xff, 0xff, 0xff, 0xd0, 0xff, 0xff, head.slice(2));
		expect(sniffImage(filled)).toEqual({ format: 'jpeg', width: 800, height: 600 });
	});

	it('gives a JPEG without a size when the frame header lies beyond the given bytes', () => {
		const jpeg = baseJpeg();
		const frameAt = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
		for (const cut of [frameAt, frameAt + 2, frameAt + 6]) {
			expect(sniffImage(jpeg.subarray(0, cut))).toEqual({
				format: 'jpeg',
				width: null,
				height: null
			});
		}
	});

	it('gives a JPEG without a size when garbage follows the headers', () => {
		expect(sniffImage(corruptJpeg())).toEqual({ format: 'jpeg', width: null, height: null });
	});

	it('reads PNG, GIF and BMP sizes', () => {
		expect(sniffImage(png(1920, 1080))).toEqual({ format: 'png', width: 1920, height: 1080 });
		expect(sniffImage(gif(300, 200))).toEqual({ format: 'gif', width: 300, height: 200 });
		expect(sniffImage(bmp(640, 480))).toEqual({ format: 'bmp', width: 640, height: 480 });
		expect(sniffImage(bmp(640, -480))).toEqual({ format: 'bmp', width: 640, height: 480 });
		expect(sniffImage(bmp(120, 90, 12))).toEqual({ format: 'bmp', width: 120, height: 90 });
	});

	it('reads lossy, lossless and extended WebP sizes', () => {
		const vp8 = [0x9d, 0x01, 0x2a, ...le16(1024), ...le16(768)];
		expect(sniffImage(riff('VP8 ', [0, 0, 0, ...vp8]))).toEqual({
			format: 'webp',
			width: 1024,
			height: 768
		});
		const bits = (500 - 1) | ((400 - 1) << 14);
		expect(sniffImage(riff('VP8L', [0x2f, ...le32(bits)]))).toEqual({
			format: 'webp',
			width: 500,
			height: 400
		});
		const canvas = [0x10, 0, 0, 0, 0x3f, 0x1f, 0, 0xff, 0x0f, 0];
		expect(sniffImage(riff('VP8X', canvas))).toEqual({ format: 'webp', width: 8000, height: 4096 });
	});

	it('tells HEIC from AVIF by the ftyp brands, without a size', () => {
		expect(sniffImage(heicHead())).toEqual({ format: 'heic', width: null, height: null });
		expect(sniffImage(ftyp('mif1', 'heix'))).toMatchObject({ format: 'heic' });
		expect(sniffImage(ftyp('avif', 'mif1', 'miaf'))).toMatchObject({ format: 'avif' });
		expect(sniffImage(ftyp('mif1', 'avif'))).toMatchObject({ format: 'avif' });
		expect(sniffImage(ftyp('msf1', 'avis'))).toMatchObject({ format: 'avif' });
	});

	it('rejects what is not an image, whatever it is called', () => {
		expect(sniffImage(notAnImage())).toBeNull();
		expect(sniffImage(new Uint8Array())).toBeNull();
		expect(sniffImage(ftyp('isom', 'mp41'))).toBeNull();
		expect(sniffImage(bytes(text('BM is not a bitmap, just text')))).toBeNull();
		expect(sniffImage(bytes(0xff, 0xd8))).toBeNull();
	});

	it('never throws on truncated or random bytes', () => {
		const samples = [
			withExif(baseJpeg(), { orientation: 1 }),
			png(10, 10),
			gif(10, 10),
			bmp(10, 10),
			riff('VP8X', Array<number>(10).fill(0xff)),
			heicHead(),
			corruptJpeg()
		];
		for (const sample of samples) {
			for (let cut = 0; cut <= sample.length; cut++) {
				expect(() => sniffImage(sample.subarray(0, cut))).not.toThrow();
			}
		}
		for (let seed = 1; seed <= 200; seed++) {
			const junk = noise(seed, 64);
			junk.set([0xff, 0xd8, 0xff], seed % 2 ? 0 : 61);
			expect(() => sniffImage(junk)).not.toThrow();
		}
	});
});

describe('jpegSegments', () => {
	it('stops at the start of scan', () => {
		const markers = [...jpegSegments(baseJpeg())].map((s) => s.marker);
		expect(markers).toEqual([0xe0, 0xdb, 0xdb, 0xc0, 0xc4, 0xc4, 0xc4, 0xc4]);
	});
});

describe('checkPhotoFile', () => {
	const file = (size = 1000) => ({ name: 'anh.jpg', size });

	it('accepts a normal photo', () => {
		expect(checkPhotoFile(file(), baseJpeg())).toBeNull();
	});

	it('refuses files over the size limit before looking at them', () => {
		expect(checkPhotoFile(file(41 * 1024 * 1024), baseJpeg())).toBe('too-big');
		expect(checkPhotoFile(file(MAX_PHOTO_BYTES), baseJpeg())).toBeNull();
	});

	it('refuses files that are not images, even named .jpg', () => {
		expect(checkPhotoFile(file(), notAnImage())).toBe('not-an-image');
	});

	it('refuses images with more pixels than a phone can decode', () => {
		expect(checkPhotoFile(file(), jpegHead(12000, 9000))).toBe('too-many-pixels');
		expect(checkPhotoFile(file(), jpegHead(10000, 10000))).toBeNull();
		expect(checkPhotoFile(file(), png(20000, 20000))).toBe('too-many-pixels');
	});

	it('refuses HEIC and AVIF only where the browser cannot decode them', () => {
		const noHeif = (format: ImageFormat) => format !== 'heic' && format !== 'avif';
		expect(checkPhotoFile(file(), heicHead(), noHeif)).toBe('unsupported-format');
		expect(checkPhotoFile(file(), ftyp('avif'), noHeif)).toBe('unsupported-format');
		expect(checkPhotoFile(file(), heicHead())).toBeNull();
		expect(checkPhotoFile(file(), baseJpeg(), () => false)).toBeNull();
	});
});
