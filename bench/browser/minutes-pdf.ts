/**
 * Minutes → PDF on the device: renderMinutesPdf (our layout, model check, photo check, embedded
 * Tinos, the stored JPEGs) against a plain jsPDF document of the same pages, text and images,
 * made in the same page. Loaded by bench/minutes-pdf.bench.js, which calls `prepare`, then `setUp`
 * with the minutes drafted from those photos, then `once` per timed run (forcing a GC between).
 */
import { renderMinutesPdf, type RenderProgress, type SealFooter } from '$lib/minutes/pdf';
import { FONT_STYLES, type FontStyle } from '$lib/minutes/pdf/fonts';
import { browserFontLoader } from '$lib/minutes/pdf/fonts-browser';
import { slimFont } from '$lib/minutes/pdf/font-slim';
import type { MinutesDocument } from '$lib/minutes/model';
import { contentSha256, shortHash } from '$lib/minutes/seal/hash';
import { isDark, qrMatrix } from '$lib/minutes/seal/qr';
import { verifyUrl } from '$lib/minutes/seal/verify-url';
import { pdfParts, type Parts } from './minutes-parts';
import { phonePhoto } from './minutes-photos';
import {
	asLines,
	rawPdf,
	record,
	textCalls,
	timeCalls,
	withHook,
	type Recording
} from './minutes-raw';

export type PhotoInfo = { sha256: string; width: number; height: number; bytes: number };
export type Path = 'app' | 'rawLines';
export type Stage = 'fonts' | 'text' | 'photos' | 'annexes';
export type Once = { ms: number; bytes: number; stages: Partial<Record<Stage, number>> };
export type SetUp = {
	pages: number;
	appText: { calls: number; chars: number };
	rawText: { calls: number; chars: number };
	images: number;
	vectorOps: number;
	photoHashMs: number;
	/** Where the bytes go in the renderer's file and in the raw one. */
	app: Parts;
	raw: Parts;
	/** The renderer's file for the same minutes without the seal footer (a draft copy). */
	unsealed: number;
	/** Filled rectangles in one seal QR (one per horizontal run of dark modules). */
	qrRects: number;
};

const SEAL_ORIGIN = 'https://kiemtra.hanoi.gov.vn';
const STAGES: RenderProgress['stage'][] = ['fonts', 'text', 'photos', 'annexes', 'done'];

const photos = new Map<string, Uint8Array>();
/** The Tinos files as the app ships them, read once through the real browser loader. */
let shipped: Record<FontStyle, Uint8Array> | null = null;
/** The same faces as the renderer embeds them (glyph-name table cut), for the raw document. */
let embedded: Record<FontStyle, Uint8Array> | null = null;
let doc: MinutesDocument | null = null;
let seal: SealFooter | null = null;
let recording: Recording | null = null;
let lines: Recording | null = null;

const need = <T>(value: T | null, what: string): T => {
	if (value === null) throw new Error(`${what}: call prepare and setUp first`);
	return value;
};

/** Draws `count` photos (about one in six portrait, as in the sample) and reads the fonts. */
export async function prepare(options: { count: number; seed: number }) {
	const started = performance.now();
	const files = await Promise.all(
		FONT_STYLES.map(async (style) => new Uint8Array(await browserFontLoader(style)))
	);
	const byStyle = (f: (file: Uint8Array) => Uint8Array) =>
		Object.fromEntries(FONT_STYLES.map((s, i) => [s, f(files[i] as Uint8Array)])) as Record<
			FontStyle,
			Uint8Array
		>;
	shipped = byStyle((file) => file);
	embedded = byStyle(slimFont);
	const out: PhotoInfo[] = [];
	for (let i = 0; i < options.count; i++) {
		const photo = await phonePhoto(options.seed + i, i % 6 === 3, 10 + (i % 5) * 3);
		photos.set(photo.sha256, photo.bytes);
		out.push({ ...photo, bytes: photo.bytes.length });
	}
	return {
		photos: out,
		fontBytes: files.reduce((n, f) => n + f.length, 0),
		ms: performance.now() - started
	};
}

/** The seal as a signed copy carries it: the content hash, its link, the link's QR. */
async function sealFor(minutes: MinutesDocument): Promise<SealFooter> {
	const sha256 = await contentSha256(minutes);
	const url = verifyUrl(SEAL_ORIGIN, minutes.inspectionId, sha256);
	const qr = qrMatrix(url);
	const rows = Array.from({ length: qr.size }, (_, r) =>
		Array.from({ length: qr.size }, (_, c) => isDark(qr, r, c))
	);
	return { shortHash: shortHash(sha256), url, qr: rows, sha256 };
}

async function photoBytes(sha256: string): Promise<Uint8Array> {
	const bytes = photos.get(sha256);
	if (!bytes) throw new Error(`no photo ${sha256}`);
	return bytes;
}

async function app(stages: Partial<Record<Stage, number>>): Promise<Uint8Array> {
	// A new loader each time: loadFonts keeps one result per loader, so every run prepares the
	// faces (cut the glyph-name table, base64) as the first PDF of a session does. Only the read
	// from the service worker's cache is left out: the bytes are already in memory.
	const files = need(shipped, 'fonts');
	const fonts = async (style: FontStyle) => files[style];
	// Stages only move forward: the renderer also reports 'text' whenever a page is added,
	// annexes included, so that a progress bar can show the page count.
	let at = -1;
	let since = performance.now();
	const onProgress = (p: RenderProgress) => {
		const next = STAGES.indexOf(p.stage);
		if (next <= at) return;
		const now = performance.now();
		const stage = STAGES[at];
		if (stage && stage !== 'done') stages[stage] = now - since;
		at = next;
		since = now;
	};
	return renderMinutesPdf(need(doc, 'doc'), { fonts, photos: photoBytes, seal, onProgress });
}

/**
 * Records what the renderer draws, once, untimed: the raw documents replay it. Also weighs the
 * files (the sealed copy, the same minutes unsealed, the raw one) and times SHA-256 over the
 * photos, which the renderer checks against the hashes in the minutes.
 */
export async function setUp(options: { doc: MinutesDocument; sealed: boolean }): Promise<SetUp> {
	doc = options.doc;
	seal = options.sealed ? await sealFor(doc) : null;
	let made: Uint8Array = new Uint8Array();
	recording = await record(async () => (made = await app({})));
	lines = asLines(recording);
	const ops = recording.pages.flat();
	const sealed = seal;
	seal = null;
	const unsealed = (await app({})).length;
	seal = sealed;
	const started = performance.now();
	for (const bytes of photos.values()) {
		await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	}
	return {
		pages: recording.pages.length,
		appText: textCalls(recording),
		rawText: textCalls(lines),
		images: ops.filter((op) => op.op === 'image').length,
		vectorOps: ops.filter((op) => op.op === 'rect' || op.op === 'line').length,
		photoHashMs: performance.now() - started,
		app: pdfParts(made),
		raw: pdfParts(rawPdf(lines, need(embedded, 'fonts'))),
		unsealed,
		qrRects: (sealed?.qr ?? []).reduce(
			(n, row) => n + row.filter((dark, i) => dark && !row[i - 1]).length,
			0
		)
	};
}

/** One timed document along `path`. */
export async function once(path: Path): Promise<Once> {
	const stages: Partial<Record<Stage, number>> = {};
	const start = performance.now();
	const fonts = need(embedded, 'fonts');
	const pdf = path === 'app' ? await app(stages) : rawPdf(need(lines, 'recording'), fonts);
	return { ms: performance.now() - start, bytes: pdf.length, stages };
}

const PROFILED = [
	'text',
	'getTextWidth',
	'setFont',
	'setFontSize',
	'addImage',
	'rect',
	'line',
	'output'
] as const;

/** One document along `path` with the time inside each jsPDF call summed (not a timed run). */
export async function profile(path: Path): Promise<Once & { calls: Record<string, number> }> {
	const calls: Record<string, number> = {};
	return {
		...(await withHook(
			(pdf) => timeCalls(pdf, [...PROFILED], calls),
			() => once(path)
		)),
		calls
	};
}
