/**
 * The few EXIF fields the app uses, read from a JPEG's APP1 segment. Camera files are often
 * damaged or hand-edited, so every read is bounds-checked and a bad field only nulls itself.
 * Runs in a Web Worker: no DOM.
 */
import { jpegSegments } from './sniff';

export type ExifInfo = {
	orientation: number | null;
	/** Camera wall-clock time, "YYYY-MM-DDTHH:MM:SS", in whatever zone the camera was set to. */
	takenAt: string | null;
	/** That zone, "+07:00", when the camera recorded it. */
	offset: string | null;
	gps: { lat: number; lon: number } | null;
};

type Tiff = { view: DataView; little: boolean };
type Entry = { type: number; count: number; at: number };
type Ifd = Map<number, Entry>;
/** Year, month, day, hour, minute, second. */
type DateParts<T> = [T, T, T, T, T, T];

const TAG = {
	orientation: 0x0112,
	exifIfd: 0x8769,
	gpsIfd: 0x8825,
	dateTimeOriginal: 0x9003,
	offsetTimeOriginal: 0x9011,
	latitudeRef: 1,
	latitude: 2,
	longitudeRef: 3,
	longitude: 4
} as const;

const TYPE = { ascii: 2, short: 3, long: 4, rational: 5, undefined: 7, ifd: 13 } as const;

/** Bytes per value, indexed by TIFF field type; 0 marks types no writer should use. */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

const DATE_TIME = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const TAKEN_AT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00];

function u16(t: Tiff, at: number): number | null {
	return at >= 0 && at + 2 <= t.view.byteLength ? t.view.getUint16(at, t.little) : null;
}

function u32(t: Tiff, at: number): number | null {
	return at >= 0 && at + 4 <= t.view.byteLength ? t.view.getUint32(at, t.little) : null;
}

/**
 * The entries of the IFD at `offset` whose values lie inside the data. `seen` guards against
 * pointers that lead back to an IFD already read, which damaged files do contain.
 */
function readIfd(t: Tiff, offset: number | null, seen: Set<number>): Ifd {
	const ifd: Ifd = new Map();
	if (offset === null || offset < 8 || seen.has(offset)) return ifd;
	seen.add(offset);
	const count = u16(t, offset) ?? 0;
	for (let i = 0; i < count; i++) {
		const entry = offset + 2 + i * 12;
		if (entry + 12 > t.view.byteLength) break;
		const tag = u16(t, entry)!;
		const type = u16(t, entry + 2)!;
		const n = u32(t, entry + 4)!;
		const size = TYPE_SIZE[type];
		if (!size) continue;
		const total = size * n;
		const at = total <= 4 ? entry + 8 : u32(t, entry + 8)!;
		if (at + total > t.view.byteLength) continue;
		ifd.set(tag, { type, count: n, at });
	}
	return ifd;
}

function readUint(t: Tiff, entry: Entry | undefined): number | null {
	if (!entry || entry.count < 1) return null;
	if (entry.type === TYPE.short) return u16(t, entry.at);
	if (entry.type === TYPE.long || entry.type === TYPE.ifd) return u32(t, entry.at);
	return null;
}

/** Text up to the first NUL; some writers use UNDEFINED instead of ASCII for the same bytes. */
function readText(t: Tiff, entry: Entry | undefined): string | null {
	if (!entry || (entry.type !== TYPE.ascii && entry.type !== TYPE.undefined)) return null;
	let text = '';
	for (let i = 0; i < entry.count; i++) {
		const code = t.view.getUint8(entry.at + i);
		if (code === 0) break;
		text += String.fromCharCode(code);
	}
	return text;
}

function readRationals(t: Tiff, entry: Entry | undefined, count: number): number[] | null {
	if (!entry || entry.type !== TYPE.rational || entry.count < count) return null;
	const values: number[] = [];
	for (let i = 0; i < count; i++) {
		const numerator = u32(t, entry.at + i * 8)!;
		const denominator = u32(t, entry.at + i * 8 + 4)!;
		if (denominator === 0) return null;
		values.push(numerator / denominator);
	}
	return values;
}

function daysInMonth(year: number, month: number): number {
	const date = new Date(0);
	date.setUTCFullYear(year, month, 0);
	return date.getUTCDate();
}

function parseDateTime(text: string | null): string | null {
	const match = DATE_TIME.exec(text?.trim() ?? '');
	if (!match) return null;
	const [y, mo, d, h, mi, s] = match.slice(1) as DateParts<string>;
	const [year, month, day] = [Number(y), Number(mo), Number(d)];
	if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
	if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
	return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

/** Minutes east of UTC; null for placeholders such as "   :  " and zones outside -12..+14 h. */
function offsetMinutes(text: string): number | null {
	const match = OFFSET.exec(text);
	if (!match) return null;
	const minutes = Number(match[2]) * 60 + Number(match[3]);
	if (Number(match[3]) > 59 || minutes > 14 * 60) return null;
	return match[1] === '-' ? -minutes : minutes;
}

function parseOffset(text: string | null): string | null {
	const trimmed = text?.trim() ?? '';
	return offsetMinutes(trimmed) === null ? null : trimmed;
}

function readCoordinate(
	t: Tiff,
	gps: Ifd,
	refTag: number,
	valueTag: number,
	positive: string,
	negative: string,
	limit: number
): number | null {
	const ref = readText(t, gps.get(refTag))?.trim().toUpperCase();
	const dms = readRationals(t, gps.get(valueTag), 3);
	if (!dms || (ref !== positive && ref !== negative)) return null;
	const [degrees, minutes, seconds] = dms as [number, number, number];
	const value = degrees + minutes / 60 + seconds / 3600;
	if (!Number.isFinite(value) || value > limit) return null;
	return ref === negative ? -value : value;
}

function readGps(t: Tiff, gps: Ifd): ExifInfo['gps'] {
	const lat = readCoordinate(t, gps, TAG.latitudeRef, TAG.latitude, 'N', 'S', 90);
	const lon = readCoordinate(t, gps, TAG.longitudeRef, TAG.longitude, 'E', 'W', 180);
	return lat === null || lon === null ? null : { lat, lon };
}

function readTiff(bytes: Uint8Array, info: ExifInfo): void {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (bytes.length < 8) return;
	const order = (bytes[0]! << 8) | bytes[1]!;
	if (order !== 0x4949 && order !== 0x4d4d) return;
	const t: Tiff = { view, little: order === 0x4949 };
	if (u16(t, 2) !== 42) return;
	const seen = new Set<number>();
	const ifd0 = readIfd(t, u32(t, 4), seen);
	const orientation = readUint(t, ifd0.get(TAG.orientation));
	info.orientation =
		orientation !== null && orientation >= 1 && orientation <= 8 ? orientation : null;
	const exif = readIfd(t, readUint(t, ifd0.get(TAG.exifIfd)), seen);
	info.takenAt = parseDateTime(readText(t, exif.get(TAG.dateTimeOriginal)));
	info.offset = parseOffset(readText(t, exif.get(TAG.offsetTimeOriginal)));
	info.gps = readGps(t, readIfd(t, readUint(t, ifd0.get(TAG.gpsIfd)), seen));
}

/** EXIF from the first APP1 "Exif" segment before the image data; all nulls if there is none. */
export function readExif(bytes: Uint8Array): ExifInfo {
	const info: ExifInfo = { orientation: null, takenAt: null, offset: null, gps: null };
	for (const { marker, start, end } of jpegSegments(bytes)) {
		if (marker !== 0xe1) continue;
		// XMP also lives in APP1; only the segment tagged "Exif\0\0" holds TIFF data.
		if (end - start < 6 || !EXIF_HEADER.every((byte, i) => bytes[start + i] === byte)) continue;
		readTiff(bytes.subarray(start + 6, end), info);
		break;
	}
	return info;
}

/**
 * `takenAt` as a UTC instant ("…Z"), using the recorded offset or else `fallbackOffsetMinutes`.
 * Offsets here are minutes EAST of UTC (Vietnam: +420), the opposite sign of
 * `Date#getTimezoneOffset()`, so pass `-new Date().getTimezoneOffset()` for the device's zone.
 */
export function exifTakenAtIso(info: ExifInfo, fallbackOffsetMinutes: number): string | null {
	const match = TAKEN_AT.exec(info.takenAt ?? '');
	if (!match) return null;
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as DateParts<number>;
	const offset =
		(info.offset === null ? null : offsetMinutes(info.offset)) ?? fallbackOffsetMinutes;
	const local = new Date(0);
	// setUTCFullYear, unlike Date.UTC, does not read years 0..99 as 1900..1999.
	local.setUTCFullYear(year, month - 1, day);
	local.setUTCHours(hour, minute, second, 0);
	// An absurd fallback offset makes an Invalid Date here, which toISOString would throw on.
	const utc = new Date(local.getTime() - offset * 60_000);
	return Number.isNaN(utc.getTime()) ? null : utc.toISOString();
}
