/**
 * Minutes → PDF bytes, with jsPDF's text API and the embedded Tinos faces: every word is real,
 * selectable text, photos are the stored JPEG bytes. Works the same in a browser and in Node;
 * fonts and photo bytes come from the caller, which keeps Dexie and fetch out of this folder.
 * This module pulls in jsPDF, so load it with a dynamic import when the PDF is asked for.
 */
import { jsPDF } from 'jspdf';
import { MinutesDocumentSchema, type AnnexPhoto, type MinutesDocument } from '../model';
import { numberLine } from '../texts';
import { drawPhotoAnnex, drawTableAnnexes } from './annexes';
import { drawBody } from './body';
import { drawHeader } from './header';
import type { Ctx } from './context';
import { Flow } from './flow';
import { trimFontMetrics } from './font-metrics';
import { loadFonts, registerFonts, type FontLoader } from './fonts';
import { A4, DEFAULT_MARGINS, TYPE_SCALES, type Margins, type TypeScaleName } from './geometry';
import { drawPageFurniture, sealBand, type SealFooter } from './page-furniture';
import { drawRecipients } from './recipients';
import { drawSignatures, firstSignatureRowHeight } from './signatures';

/** The JPEG bytes of an annex photo, by content hash (Dexie on the device, files in Node). */
export type PhotoSource = (sha256: string) => Promise<Uint8Array | ArrayBuffer>;

export type RenderProgress = {
	stage: 'fonts' | 'text' | 'photos' | 'annexes' | 'done';
	pages: number;
	photosDone: number;
	photosTotal: number;
};

export type RenderOptions = {
	fonts: FontLoader;
	photos: PhotoSource;
	/** Drawn at the foot of every page when given; the text area ends above it. */
	seal?: SealFooter | null;
	margins?: Partial<Margins>;
	typeScale?: TypeScaleName;
	onProgress?: (progress: RenderProgress) => void;
};

/** The bytes handed over for a photo are not the photo the minutes refer to. */
export class PhotoMismatchError extends Error {
	readonly sha256: string;
	constructor(sha256: string) {
		super(`photo ${sha256.slice(0, 12)}…: the bytes do not match the hash in the minutes`);
		this.name = 'PhotoMismatchError';
		this.sha256 = sha256;
	}
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
	// Photo bytes never live in a SharedArrayBuffer; the cast only satisfies the DOM typings.
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * jsPDF writes the CIDSystemInfo ordering as "Identity-H" (the encoding's name) where the PDF
 * specification wants "Identity", and poppler complains on every page. The fix has the same
 * length so every byte offset in the cross-reference table stays right; font dictionaries are
 * never inside compressed streams in jsPDF's output.
 */
export function fixCidOrdering<T extends Uint8Array>(pdf: T): T {
	const wrong = new TextEncoder().encode('/Ordering (Identity-H)');
	const right = new TextEncoder().encode('/Ordering (Identity)  ');
	// The file is mostly JPEG bytes, so the scan skips ahead as far as the byte under the
	// pattern's end allows (Boyer–Moore–Horspool): a 20 MB file takes a few milliseconds where
	// comparing at every offset took about 65 (bench/minutes-pdf.bench.js).
	const n = wrong.length;
	const end = wrong[n - 1] as number;
	const skip = new Uint8Array(256).fill(n);
	for (let k = 0; k < n - 1; k++) skip[wrong[k] as number] = n - 1 - k;
	for (let i = 0; i <= pdf.length - n;) {
		const byte = pdf[i + n - 1] as number;
		if (byte === end) {
			let k = n - 2;
			while (k >= 0 && pdf[i + k] === wrong[k]) k--;
			if (k < 0) {
				pdf.set(right, i);
				i += n;
				continue;
			}
		}
		i += skip[byte] as number;
	}
	return pdf;
}

/**
 * Lets the page repaint a progress bar between photos. scheduler.yield where there is one: a
 * chain of setTimeout(0) is clamped to 4 ms a step after five, which idled 150 ms over 40 photos
 * (bench/minutes-pdf.bench.js); Node and older browsers keep setTimeout.
 */
const nextTask = (): Promise<void> =>
	'scheduler' in globalThis && typeof globalThis.scheduler.yield === 'function'
		? globalThis.scheduler.yield()
		: new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function renderMinutesPdf(
	input: MinutesDocument,
	options: RenderOptions
): Promise<Uint8Array<ArrayBuffer>> {
	const doc = MinutesDocumentSchema.parse(input);
	const photosTotal = doc.annexes.photos.length;
	const progress = { pages: 1, photosDone: 0, photosTotal };
	const report = (stage: RenderProgress['stage']) => options.onProgress?.({ stage, ...progress });
	report('fonts');
	const fonts = await loadFonts(options.fonts);

	const pdf = new jsPDF({
		unit: 'mm',
		format: 'a4',
		orientation: 'portrait',
		compress: true,
		// Without this jsPDF lists its 14 standard fonts in every file, unembedded.
		putOnlyUsedFonts: true,
		// Coordinates to a thousandth of a point instead of 16 digits: a sealed 30-page file
		// draws its QR code and every word with thousands of numbers.
		floatPrecision: 3
	});
	registerFonts(pdf, fonts);
	trimFontMetrics(pdf);
	const seal = options.seal ?? null;
	pdf.setProperties({
		title: `${doc.title} ${numberLine(doc.header.number, doc.header.symbol).replace(/^Số: /, 'số ')}`,
		creator: 'Kiểm tra',
		// A verifier given only the file finds the seal here without reading the QR code.
		...(seal?.sha256 ? { subject: seal.url, keywords: `kiem-tra-seal:${seal.sha256}` } : {})
	});
	const flow = new Flow(
		pdf,
		{
			...A4,
			margins: { ...DEFAULT_MARGINS, ...options.margins },
			footerReserve: seal ? sealBand(seal) : 0
		},
		(pages) => {
			progress.pages = pages;
			report('text');
		}
	);
	const photoNumber = new Map(doc.annexes.photos.map((p, i) => [p.sha256, i + 1]));
	const ctx: Ctx = { flow, type: TYPE_SCALES[options.typeScale ?? 'standard'], doc, photoNumber };

	report('text');
	drawHeader(flow, doc, ctx.type);
	drawBody(ctx, firstSignatureRowHeight(ctx));
	drawSignatures(ctx);
	drawRecipients(ctx);

	const bytesOf = async (photo: AnnexPhoto) => {
		const raw = await options.photos(photo.sha256);
		const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
		if ((await sha256Hex(bytes)) !== photo.sha256) throw new PhotoMismatchError(photo.sha256);
		return bytes;
	};
	report('photos');
	await drawPhotoAnnex(ctx, bytesOf, async (done) => {
		progress.photosDone = done;
		report('photos');
		await nextTask();
	});
	report('annexes');
	drawTableAnnexes(ctx);
	drawPageFurniture(flow, ctx.type, seal);
	progress.pages = flow.pages;
	const out = fixCidOrdering(new Uint8Array(pdf.output('arraybuffer')));
	report('done');
	return out;
}
