/**
 * One photo file → what we store: decode (EXIF orientation applied), downscale to LONG_EDGE,
 * JPEG, a THUMB_EDGE thumbnail, the SHA-256 of the stored bytes, and the time and place it was
 * taken. Runs in the ingest worker; works on the main thread too (same APIs, or a DOM canvas).
 */
import { canvasOf, encodeJpeg } from './canvas';
import { exifTakenAtIso, readExif } from './exif';
import { JPEG_QUALITY, LONG_EDGE, MAX_PHOTO_BYTES, THUMB_EDGE } from './limits';
import { checkPhotoFile, sniffImage, type PhotoFileProblem } from './sniff';

/** Enough of the file for the header and the EXIF block, which cameras put first. */
const HEAD_BYTES = 256 * 1024;

export type PhotoProblem = PhotoFileProblem | 'corrupt';

export type ProcessedPhoto = {
	fileName: string;
	full: ArrayBuffer;
	thumb: ArrayBuffer;
	width: number;
	height: number;
	thumbWidth: number;
	thumbHeight: number;
	sha256: string;
	takenAt: string;
	takenAtSource: 'exif' | 'device';
	gps: { lat: number; lon: number } | null;
};

export type ProcessResult =
	{ ok: true; photo: ProcessedPhoto } | { ok: false; problem: PhotoProblem };

export type ProcessOptions = {
	/** Minutes east of UTC on this device, for EXIF times that carry no offset. */
	offsetMinutes: number;
	/** The device time when the file was added, used when the photo carries no time of its own. */
	now: string;
};

/** Fits `width × height` inside `edge` on its long side, never enlarging. */
export function fit(
	width: number,
	height: number,
	edge: number
): { width: number; height: number } {
	const scale = Math.min(1, edge / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

/** EXIF orientations 5–8 turn the picture a quarter: stored width and height swap on screen. */
export function orientedSize(
	width: number,
	height: number,
	orientation: number | null
): { width: number; height: number } {
	return orientation !== null && orientation >= 5 && orientation <= 8
		? { width: height, height: width }
		: { width, height };
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
	return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function jpegOf(source: ImageBitmap, width: number, height: number): Promise<ArrayBuffer> {
	const { canvas, context } = canvasOf(width, height);
	context.imageSmoothingQuality = 'high';
	context.drawImage(source, 0, 0, width, height);
	return (await encodeJpeg(canvas, JPEG_QUALITY)).arrayBuffer();
}

/** Decodes at the stored size directly when the header told us the size: one pass, less memory. */
async function decode(file: Blob, target: { width: number; height: number } | null) {
	return createImageBitmap(file, {
		imageOrientation: 'from-image',
		...(target
			? { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' }
			: {})
	});
}

/** Cameras without a fix write 0/0: a place in the Gulf of Guinea no inspection ever visits. */
function realPlace(gps: ProcessedPhoto['gps']): ProcessedPhoto['gps'] {
	return gps && (gps.lat !== 0 || gps.lon !== 0) ? gps : null;
}

export async function processPhoto(
	file: Blob,
	fileName: string,
	options: ProcessOptions
): Promise<ProcessResult> {
	if (file.size > MAX_PHOTO_BYTES) return { ok: false, problem: 'too-big' };
	const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
	const problem = checkPhotoFile({ name: fileName, size: file.size }, head);
	if (problem) return { ok: false, problem };
	const format = sniffImage(head);
	const exif = format?.format === 'jpeg' ? readExif(head) : null;
	const known =
		format?.width && format.height
			? orientedSize(format.width, format.height, exif?.orientation ?? null)
			: null;

	let bitmap: ImageBitmap;
	try {
		bitmap = await decode(file, known ? fit(known.width, known.height, LONG_EDGE) : null);
	} catch {
		const undecodable = format?.format === 'heic' || format?.format === 'avif';
		return { ok: false, problem: undecodable ? 'unsupported-format' : 'corrupt' };
	}
	try {
		const size = fit(bitmap.width, bitmap.height, LONG_EDGE);
		const thumbSize = fit(size.width, size.height, THUMB_EDGE);
		const full = await jpegOf(bitmap, size.width, size.height);
		const thumb = await jpegOf(bitmap, thumbSize.width, thumbSize.height);
		const takenAt = exif ? exifTakenAtIso(exif, options.offsetMinutes) : null;
		return {
			ok: true,
			photo: {
				fileName,
				full,
				thumb,
				width: size.width,
				height: size.height,
				thumbWidth: thumbSize.width,
				thumbHeight: thumbSize.height,
				sha256: await sha256Hex(full),
				takenAt: takenAt ?? options.now,
				takenAtSource: takenAt ? 'exif' : 'device',
				gps: realPlace(exif?.gps ?? null)
			}
		};
	} catch {
		return { ok: false, problem: 'corrupt' };
	} finally {
		bitmap.close();
	}
}
