/**
 * What a file is, from its first bytes. File names and MIME types come from the sender and are
 * often wrong (a ".jpg" that is HEIC, an empty type on Android), so only magic bytes count.
 * Runs in a Web Worker: no DOM.
 */
import { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS } from './limits';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heic' | 'avif' | 'bmp';

export type ImageHead = { format: ImageFormat; width: number | null; height: number | null };

export type PhotoFileProblem =
	'not-an-image' | 'too-big' | 'too-many-pixels' | 'unsupported-format';

/** Every browser the app supports decodes these; HEIC and AVIF depend on the browser. */
export const DECODABLE_EVERYWHERE: readonly ImageFormat[] = ['jpeg', 'png', 'webp', 'gif', 'bmp'];

export type JpegSegment = { marker: number; start: number; end: number };

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
/** mif1/msf1 only say "HEIF container": an AVIF file lists them too. */
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1']);
const BMP_INFO_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

function u16be(b: Uint8Array, at: number): number | null {
	if (at < 0 || at + 2 > b.length) return null;
	return (b[at]! << 8) | b[at + 1]!;
}

function u16le(b: Uint8Array, at: number): number | null {
	if (at < 0 || at + 2 > b.length) return null;
	return b[at]! | (b[at + 1]! << 8);
}

function u32be(b: Uint8Array, at: number): number | null {
	if (at < 0 || at + 4 > b.length) return null;
	return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function u32le(b: Uint8Array, at: number): number | null {
	if (at < 0 || at + 4 > b.length) return null;
	return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function ascii(b: Uint8Array, at: number, length: number): string {
	if (at < 0 || at + length > b.length) return '';
	return String.fromCharCode(...b.subarray(at, at + length));
}

function startsWith(b: Uint8Array, magic: readonly number[], at = 0): boolean {
	return b.length >= at + magic.length && magic.every((byte, i) => b[at + i] === byte);
}

/** Zero means "unknown" in these headers (e.g. a JPEG height given later by DNL). */
function dims(width: number | null, height: number | null): Pick<ImageHead, 'width' | 'height'> {
	return width && height ? { width, height } : { width: null, height: null };
}

/**
 * The marker segments of a JPEG up to its first scan, `start`..`end` being the segment's payload
 * after the length field, cut to the bytes given. Stops quietly at SOS, EOI, garbage or the end of
 * the data, since callers only ever see the head of a file.
 */
export function* jpegSegments(bytes: Uint8Array): Generator<JpegSegment> {
	if (!startsWith(bytes, [0xff, 0xd8])) return;
	let pos = 2;
	while (pos < bytes.length) {
		if (bytes[pos] !== 0xff) return;
		// Any number of 0xFF fill bytes may precede a marker.
		while (bytes[pos] === 0xff) pos++;
		if (pos >= bytes.length) return;
		const marker = bytes[pos]!;
		pos++;
		if (marker === 0xd9 || marker === 0xda) return;
		// RSTn, TEM and a stray SOI carry no length.
		if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) continue;
		const length = u16be(bytes, pos);
		if (length === null || length < 2) return;
		const start = pos + 2;
		const end = Math.min(pos + length, bytes.length);
		yield { marker, start, end };
		pos += length;
	}
}

/** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function sniffJpeg(b: Uint8Array): ImageHead {
	for (const { marker, start, end } of jpegSegments(b)) {
		if (!isStartOfFrame(marker)) continue;
		// Payload: precision (1), height (2), width (2).
		if (end - start < 5) break;
		return { format: 'jpeg', ...dims(u16be(b, start + 3), u16be(b, start + 1)) };
	}
	return { format: 'jpeg', width: null, height: null };
}

function sniffPng(b: Uint8Array): ImageHead {
	if (ascii(b, 12, 4) !== 'IHDR') return { format: 'png', width: null, height: null };
	return { format: 'png', ...dims(u32be(b, 16), u32be(b, 20)) };
}

function sniffWebp(b: Uint8Array): ImageHead {
	const chunk = ascii(b, 12, 4);
	if (chunk === 'VP8 ' && startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
		const w = u16le(b, 26);
		const h = u16le(b, 28);
		return {
			format: 'webp',
			...dims(w === null ? null : w & 0x3fff, h === null ? null : h & 0x3fff)
		};
	}
	if (chunk === 'VP8L' && b[20] === 0x2f) {
		const bits = u32le(b, 21);
		if (bits !== null) {
			return { format: 'webp', ...dims((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1) };
		}
	}
	if (chunk === 'VP8X' && b.length >= 30) {
		const w = (b[24]! | (b[25]! << 8) | (b[26]! << 16)) + 1;
		const h = (b[27]! | (b[28]! << 8) | (b[29]! << 16)) + 1;
		return { format: 'webp', ...dims(w, h) };
	}
	return { format: 'webp', width: null, height: null };
}

function sniffBmp(b: Uint8Array): ImageHead | null {
	const headerSize = u32le(b, 14);
	// "BM" alone is too common at the start of text to count as an image.
	if (headerSize === null || !BMP_INFO_HEADER_SIZES.has(headerSize)) return null;
	if (headerSize === 12) return { format: 'bmp', ...dims(u16le(b, 18), u16le(b, 20)) };
	const w = u32le(b, 18);
	const h = u32le(b, 22);
	// Both are signed; a negative height means the rows are stored top-down.
	return {
		format: 'bmp',
		...dims(w === null ? null : Math.abs(w | 0), h === null ? null : Math.abs(h | 0))
	};
}

/** HEIF and AVIF are ISO-BMFF files whose leading `ftyp` box names the brands they follow. */
function sniffIsoBmff(b: Uint8Array): ImageHead | null {
	const boxSize = u32be(b, 0);
	if (boxSize === null || boxSize < 16) return null;
	const major = ascii(b, 8, 4);
	const brands = [major];
	for (let at = 16; at + 4 <= Math.min(boxSize, b.length); at += 4) brands.push(ascii(b, at, 4));
	const heic = (): ImageHead => ({ format: 'heic', width: null, height: null });
	const avif = (): ImageHead => ({ format: 'avif', width: null, height: null });
	if (AVIF_BRANDS.has(major)) return avif();
	if (HEIC_BRANDS.has(major) && !GENERIC_HEIF_BRANDS.has(major)) return heic();
	if (brands.some((brand) => AVIF_BRANDS.has(brand))) return avif();
	if (brands.some((brand) => HEIC_BRANDS.has(brand))) return heic();
	return null;
}

/** The format and, where the header holds them, the pixel dimensions; null if not an image. */
export function sniffImage(head: Uint8Array): ImageHead | null {
	if (startsWith(head, [0xff, 0xd8, 0xff])) return sniffJpeg(head);
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return sniffPng(head);
	const signature = ascii(head, 0, 6);
	if (signature === 'GIF87a' || signature === 'GIF89a') {
		return { format: 'gif', ...dims(u16le(head, 6), u16le(head, 8)) };
	}
	if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return sniffWebp(head);
	if (ascii(head, 0, 2) === 'BM') return sniffBmp(head);
	if (ascii(head, 4, 4) === 'ftyp') return sniffIsoBmff(head);
	return null;
}

/**
 * Why a picked file cannot become a photo, or null if it can. `file.name` is deliberately not
 * consulted; the parameter takes a `File` as is. `canDecode` is asked only about HEIC and AVIF,
 * which some browsers cannot turn into pixels.
 */
export function checkPhotoFile(
	file: { name: string; size: number },
	head: Uint8Array,
	canDecode: (format: ImageFormat) => boolean = () => true
): PhotoFileProblem | null {
	if (file.size > MAX_PHOTO_BYTES) return 'too-big';
	const image = sniffImage(head);
	if (!image) return 'not-an-image';
	if (!DECODABLE_EVERYWHERE.includes(image.format) && !canDecode(image.format)) {
		return 'unsupported-format';
	}
	if (
		image.width !== null &&
		image.height !== null &&
		image.width * image.height > MAX_PHOTO_PIXELS
	) {
		return 'too-many-pixels';
	}
	return null;
}
