import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PHOTO_BYTES } from './limits';
import { fit, orientedSize, processPhoto, sha256Hex } from './pipeline';

const OPTIONS = { offsetMinutes: 420, now: '2025-08-15T03:00:00.000Z' };

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('fit', () => {
	it('shrinks the long edge to the limit and keeps the aspect ratio', () => {
		expect(fit(4000, 3000, 2048)).toEqual({ width: 2048, height: 1536 });
		expect(fit(3000, 4000, 2048)).toEqual({ width: 1536, height: 2048 });
		expect(fit(2048, 1536, 320)).toEqual({ width: 320, height: 240 });
	});

	it('never enlarges, and never goes below one pixel', () => {
		expect(fit(64, 32, 2048)).toEqual({ width: 64, height: 32 });
		expect(fit(10_000, 1, 320)).toEqual({ width: 320, height: 1 });
	});
});

describe('orientedSize', () => {
	it('swaps width and height for the quarter-turn orientations 5 to 8 only', () => {
		for (const o of [5, 6, 7, 8]) {
			expect(orientedSize(4000, 3000, o)).toEqual({ width: 3000, height: 4000 });
		}
		for (const o of [null, 1, 2, 3, 4, 9]) {
			expect(orientedSize(4000, 3000, o)).toEqual({ width: 4000, height: 3000 });
		}
	});
});

describe('sha256Hex', () => {
	it('gives the standard digest as 64 lowercase hex digits, the same every time', async () => {
		const bytes = new TextEncoder().encode('abc').buffer;
		const expected = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
		expect(await sha256Hex(bytes)).toBe(expected);
		expect(await sha256Hex(bytes.slice(0))).toBe(expected);
		expect(await sha256Hex(new Uint8Array([1]).buffer)).not.toBe(expected);
	});
});

describe('processPhoto, before any decoding', () => {
	it('turns away a file over the size limit without reading it', async () => {
		const file = new Blob([new Uint8Array(8)]);
		Object.defineProperty(file, 'size', { value: MAX_PHOTO_BYTES + 1 });
		const slice = vi.spyOn(file, 'slice');
		expect(await processPhoto(file, 'lon.jpg', OPTIONS)).toEqual({ ok: false, problem: 'too-big' });
		expect(slice).not.toHaveBeenCalled();
	});

	it('turns away what is not an image, whatever its name says', async () => {
		const decode = vi.fn();
		vi.stubGlobal('createImageBitmap', decode);
		const file = new Blob(['<html>không phải ảnh</html>'], { type: 'image/jpeg' });
		expect(await processPhoto(file, 'anh.jpg', OPTIONS)).toEqual({
			ok: false,
			problem: 'not-an-image'
		});
		expect(decode).not.toHaveBeenCalled();
	});

	it('turns away a JPEG whose header claims more than 100 megapixels', async () => {
		// SOI, then a baseline SOF0 for 12000 × 9000 pixels.
		const sof = [0xff, 0xc0, 0, 11, 8, 0x23, 0x28, 0x2e, 0xe0, 1, 1, 0x11, 0];
		const file = new Blob([new Uint8Array([0xff, 0xd8, ...sof])]);
		const decode = vi.fn();
		vi.stubGlobal('createImageBitmap', decode);
		expect(await processPhoto(file, 'toan-canh.jpg', OPTIONS)).toEqual({
			ok: false,
			problem: 'too-many-pixels'
		});
		expect(decode).not.toHaveBeenCalled();
	});

	it('calls a JPEG the browser cannot decode corrupt, and a HEIC it cannot decode unsupported', async () => {
		vi.stubGlobal(
			'createImageBitmap',
			vi.fn().mockRejectedValue(new DOMException('bad', 'InvalidStateError'))
		);
		const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0, 4, 1, 2, 0xde, 0xad])]);
		expect(await processPhoto(jpeg, 'hong.jpg', OPTIONS)).toEqual({
			ok: false,
			problem: 'corrupt'
		});
		const ftyp = [0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0];
		const heic = new Blob([new Uint8Array([...ftyp, ...new TextEncoder().encode('mif1heic')])]);
		expect(await processPhoto(heic, 'IMG_0001.HEIC', OPTIONS)).toEqual({
			ok: false,
			problem: 'unsupported-format'
		});
	});
});
