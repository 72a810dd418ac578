/**
 * Photo ingest in the browser, for bench/photo-ingest.bench.js (which loads this ES module and
 * calls `PhotoIngestBench.*` via page.evaluate). Our path: the ingest worker (PhotoProcessor,
 * as the app runs it) and the committed `photos.add`, one photo at a time and as a whole batch
 * through `PhotoIngest.run`. The floor under it: decode at the stored size, draw, encode JPEG,
 * in a worker of its own (photo-raw.worker.ts).
 */
import { Dexie } from 'dexie';
import { photos } from '$lib/db';
import * as inspections from '$lib/db/inspections';
// Module by module, not the $lib/domain index: the index would pull in statically the schemas
// the repositories load lazily, and the bundle would then differ from the app's.
import { loadDefaultTemplate, loadIndicatorSet } from '$lib/domain/bundled';
import { nowIso } from '$lib/domain/ids';
import type { PhotoTarget } from '$lib/domain/photo';
import { PhotoProcessor } from '$lib/photos/ingest';
import { LONG_EDGE } from '$lib/photos/limits';
import { PhotoIngest } from '$lib/state/photo-ingest.svelte';
import type { RawReply, RawRequest } from './photo-raw.worker';

/** A phone camera's 12 MP, landscape sensor. */
const SENSOR = { width: 4000, height: 3000 };
/** Phone cameras write about this; the size of the file drives read and decode cost. */
const CAMERA_QUALITY = 0.92;
const TARGET: PhotoTarget = { kind: 'inspection' };

type Image = {
	blob: Blob;
	orientation: number;
	/** The stored size both paths decode to: the long edge cut to LONG_EDGE, after rotation. */
	stored: { width: number; height: number };
};

export type PreparedImage = { bytes: number; orientation: number; generateMs: number };
export type SingleTimings = { app: number[]; process: number[]; add: number[]; raw: number[] };
export type SingleSizes = { appFull: number[]; appThumb: number[]; raw: number[] };
export type MainThread = { longTasks: number[]; longestGap: number; beats: number };
export type BatchResult = MainThread & { wallMs: number; photos: number };

let images: Image[] = [];
let inspectionId = '';
let processor: PhotoProcessor | null = null;
let ingest: PhotoIngest | null = null;
let raw: RawClient | null = null;

/** Deterministic, so every run encodes the same pictures. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

function noise(width: number, height: number, amplitude: number, random: () => number): ImageData {
	const image = new ImageData(width, height);
	const d = image.data;
	for (let i = 0; i < d.length; i += 4) {
		const v = 128 + (random() - 0.5) * amplitude;
		d[i] = v + (random() - 0.5) * 16;
		d[i + 1] = v;
		d[i + 2] = v + (random() - 0.5) * 16;
		d[i + 3] = 255;
	}
	return image;
}

/**
 * A camera-like picture: a flat colour or a plain gradient encodes to a fraction of a real photo's
 * size and decodes faster, which would flatter both paths. Shapes and text give edges, a coarse
 * noise layer stretched over the frame gives natural-looking blotches, a fine one sensor grain.
 */
async function cameraJpeg(seed: number): Promise<Blob> {
	const random = mulberry32(seed);
	const { width: W, height: H } = SENSOR;
	const canvas = new OffscreenCanvas(W, H);
	const g = canvas.getContext('2d');
	if (!g) throw new Error('no 2d context');
	const sky = g.createLinearGradient(0, 0, W * random(), H);
	sky.addColorStop(0, `hsl(${random() * 360} 60% 60%)`);
	sky.addColorStop(0.5, `hsl(${random() * 360} 40% 40%)`);
	sky.addColorStop(1, `hsl(${random() * 360} 50% 20%)`);
	g.fillStyle = sky;
	g.fillRect(0, 0, W, H);
	for (let i = 0; i < 300; i++) {
		g.fillStyle = `hsl(${random() * 360} ${30 + random() * 50}% ${20 + random() * 60}% / ${0.3 + random() * 0.7})`;
		const x = random() * W;
		const y = random() * H;
		const r = 20 + random() * 400;
		if (i % 3 === 0) {
			g.beginPath();
			g.arc(x, y, r, 0, Math.PI * 2);
			g.fill();
		} else if (i % 3 === 1) {
			g.fillRect(x, y, r * 1.5, r);
		} else {
			g.font = `${Math.round(20 + random() * 160)}px sans-serif`;
			g.fillText('BIÊN BẢN KIỂM TRA 2025 — Phòng cháy chữa cháy', x, y);
		}
	}
	const coarse = new OffscreenCanvas(500, 375);
	coarse.getContext('2d')?.putImageData(noise(500, 375, 255, random), 0, 0);
	g.globalCompositeOperation = 'overlay';
	g.globalAlpha = 0.35;
	g.imageSmoothingQuality = 'high';
	g.drawImage(coarse, 0, 0, W, H);
	const grain = new OffscreenCanvas(1000, 1000);
	grain.getContext('2d')?.putImageData(noise(1000, 1000, 30, random), 0, 0);
	g.globalAlpha = 1;
	for (let y = 0; y < H; y += 1000) for (let x = 0; x < W; x += 1000) g.drawImage(grain, x, y);
	return canvas.convertToBlob({ type: 'image/jpeg', quality: CAMERA_QUALITY });
}

/**
 * An APP1 EXIF segment as a camera writes it (little-endian TIFF): Orientation in IFD0 and
 * DateTimeOriginal in the Exif IFD, so the pipeline's EXIF path runs as it does on real photos.
 */
function exifSegment(orientation: number, takenAt: string): Uint8Array<ArrayBuffer> {
	const tiff = new DataView(new ArrayBuffer(76));
	const entry = (at: number, tag: number, type: number, count: number, value: number) => {
		tiff.setUint16(at, tag, true);
		tiff.setUint16(at + 2, type, true);
		tiff.setUint32(at + 4, count, true);
		if (type === 3) tiff.setUint16(at + 8, value, true);
		else tiff.setUint32(at + 8, value, true);
	};
	tiff.setUint16(0, 0x4949);
	tiff.setUint16(2, 42, true);
	tiff.setUint32(4, 8, true);
	tiff.setUint16(8, 2, true);
	entry(10, 0x0112, 3, 1, orientation);
	entry(22, 0x8769, 4, 1, 38);
	tiff.setUint32(34, 0, true);
	tiff.setUint16(38, 1, true);
	entry(40, 0x9003, 2, 20, 56);
	tiff.setUint32(52, 0, true);
	new TextEncoder().encodeInto(`${takenAt}\0`, new Uint8Array(tiff.buffer, 56, 20));
	const segment = new Uint8Array(4 + 6 + 76);
	segment.set([0xff, 0xe1, 0, 2 + 6 + 76]);
	segment.set([0x45, 0x78, 0x69, 0x66, 0, 0], 4);
	segment.set(new Uint8Array(tiff.buffer), 10);
	return segment;
}

function storedSize(orientation: number) {
	const turned = orientation >= 5 && orientation <= 8;
	const width = turned ? SENSOR.height : SENSOR.width;
	const height = turned ? SENSOR.width : SENSOR.height;
	const scale = Math.min(1, LONG_EDGE / Math.max(width, height));
	return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

class RawClient {
	#worker = new Worker(new URL('./photo-raw.worker.ts', import.meta.url), { type: 'module' });
	#next = 0;
	#waiting = new Map<number, (reply: RawReply) => void>();

	constructor() {
		this.#worker.addEventListener('message', (event: MessageEvent<RawReply>) => {
			this.#waiting.get(event.data.id)?.(event.data);
			this.#waiting.delete(event.data.id);
		});
	}

	async encode(image: Image): Promise<Blob> {
		const id = ++this.#next;
		const reply = await new Promise<RawReply>((resolve) => {
			this.#waiting.set(id, resolve);
			const request: RawRequest = { id, file: image.blob, ...image.stored };
			this.#worker.postMessage(request);
		});
		if (!reply.ok) throw new Error(reply.error);
		return reply.blob;
	}

	dispose() {
		this.#worker.terminate();
	}
}

function fileOf(image: Image, n: number): File {
	return new File([image.blob], `IMG_${String(n).padStart(4, '0')}.jpg`, {
		type: 'image/jpeg'
	});
}

/** What PhotoIngest.run does for one file, with the worker's part and the commit timed apart. */
async function appOnce(image: Image, n: number) {
	if (!processor) throw new Error('prepare first');
	const file = fileOf(image, n);
	const start = performance.now();
	const result = await processor.process(file, file.name, {
		offsetMinutes: -new Date().getTimezoneOffset(),
		now: nowIso()
	});
	if (!result.ok) throw new Error(`photo refused: ${result.problem}`);
	const processed = performance.now();
	const { gps, ...photo } = result.photo;
	const stored = await photos.add({
		...photo,
		location: gps ? { ...gps, accuracyM: null, source: 'exif' } : null,
		inspectionId,
		target: TARGET
	});
	const end = performance.now();
	if (stored.width !== image.stored.width || stored.height !== image.stored.height) {
		throw new Error(`stored ${stored.width}×${stored.height}, expected ${image.stored.width}`);
	}
	return { total: end - start, process: processed - start, add: end - processed, stored };
}

async function rawOnce(image: Image) {
	if (!raw) throw new Error('prepare first');
	const start = performance.now();
	const blob = await raw.encode(image);
	return { total: performance.now() - start, bytes: blob.size };
}

export async function prepare(options: { images: number }): Promise<PreparedImage[]> {
	// Dexie switches itself to debug mode on 127.0.0.1; db() turns it off again in a production
	// build, and this keeps it off before the first db() call too.
	Dexie.debug = false;
	const prepared: PreparedImage[] = [];
	images = [];
	for (let i = 0; i < options.images; i++) {
		const start = performance.now();
		// Every third picture held in portrait: orientation 6, as phones write it.
		const orientation = i % 3 === 2 ? 6 : 1;
		const jpeg = await cameraJpeg(i + 1);
		const exif = exifSegment(orientation, `2025:07:15 09:${String(10 + i).padStart(2, '0')}:00`);
		const blob = new Blob([jpeg.slice(0, 2), exif, jpeg.slice(2)], { type: 'image/jpeg' });
		images.push({ blob, orientation, stored: storedSize(orientation) });
		prepared.push({ bytes: blob.size, orientation, generateMs: performance.now() - start });
	}
	const [template, indicatorSet] = await Promise.all([loadDefaultTemplate(), loadIndicatorSet()]);
	const inspection = await inspections.create({
		unitId: 'bench-unit',
		periodFrom: '2025-01-01',
		periodTo: '2025-06-30',
		visitDate: '2025-07-15',
		members: [{ name: 'Nguyễn Văn An', role: 'truong-doan', position: 'Trưởng đoàn' }],
		template,
		indicatorSet
	});
	inspectionId = inspection.id;
	processor = new PhotoProcessor();
	raw = new RawClient();
	ingest = new PhotoIngest();
	// Start every worker and let each see one photo before anything is timed.
	await appOnce(images[0] as Image, 0);
	await rawOnce(images[0] as Image);
	const added = await ingest.run([fileOf(images[0] as Image, 0)], inspectionId, TARGET);
	if (added !== 1) throw new Error(`warm-up batch stored ${added} photos`);
	return prepared;
}

export async function single(options: {
	warmup: number;
	iterations: number;
}): Promise<{ timings: SingleTimings; sizes: SingleSizes }> {
	const timings: SingleTimings = { app: [], process: [], add: [], raw: [] };
	const sizes: SingleSizes = { appFull: [], appThumb: [], raw: [] };
	const pair = async (i: number, record: boolean) => {
		const image = images[i % images.length] as Image;
		const appFirst = i % 2 === 0;
		const r1 = appFirst ? null : await rawOnce(image);
		const a = await appOnce(image, i);
		const r = r1 ?? (await rawOnce(image));
		if (!record) return;
		timings.app.push(a.total);
		timings.process.push(a.process);
		timings.add.push(a.add);
		timings.raw.push(r.total);
		sizes.appFull.push(a.stored.bytes);
		sizes.appThumb.push(a.stored.thumbBytes);
		sizes.raw.push(r.bytes);
	};
	for (let i = 0; i < options.warmup; i++) await pair(i, false);
	// Interleaved, alternating which goes first, so drift on the machine lands on both.
	for (let i = 0; i < options.iterations; i++) await pair(options.warmup + i, true);
	// Its worker is done: the batches run through PhotoIngest's own, the one to watch.
	processor?.dispose();
	processor = null;
	return { timings, sizes };
}

/**
 * Long tasks as Chromium reports them, plus a setTimeout heartbeat: the longest gap between two
 * beats is the longest the page could not answer input, whatever held it.
 */
function watchMainThread(): () => Promise<MainThread> {
	const longTasks: number[] = [];
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) longTasks.push(entry.duration);
	});
	observer.observe({ type: 'longtask' });
	let last = performance.now();
	let longestGap = 0;
	let beats = 0;
	let running = true;
	const beat = () => {
		const now = performance.now();
		longestGap = Math.max(longestGap, now - last);
		last = now;
		beats++;
		if (running) setTimeout(beat, 0);
	};
	setTimeout(beat, 0);
	return async () => {
		// Long-task entries arrive after their task: give the last ones a moment to be queued.
		await new Promise((resolve) => setTimeout(resolve, 100));
		running = false;
		for (const entry of observer.takeRecords()) longTasks.push(entry.duration);
		observer.disconnect();
		return { longTasks, longestGap, beats };
	};
}

export async function idle(options: { ms: number }): Promise<MainThread> {
	const stop = watchMainThread();
	await new Promise((resolve) => setTimeout(resolve, options.ms));
	return stop();
}

export async function batch(options: {
	photos: number;
	path: 'app' | 'raw';
}): Promise<BatchResult> {
	if (!ingest || !raw) throw new Error('prepare first');
	const files = Array.from({ length: options.photos }, (_, n) => ({
		image: images[n % images.length] as Image,
		file: fileOf(images[n % images.length] as Image, n)
	}));
	const stop = watchMainThread();
	const start = performance.now();
	let done = 0;
	if (options.path === 'app') {
		done = await ingest.run(
			files.map((f) => f.file),
			inspectionId,
			TARGET
		);
		if (ingest.failures.length) throw new Error(JSON.stringify(ingest.failures));
	} else {
		for (const { image } of files) {
			await raw.encode(image);
			done++;
		}
	}
	const wallMs = performance.now() - start;
	const thread = await stop();
	if (done !== options.photos) throw new Error(`${options.path}: ${done} of ${options.photos}`);
	return { ...thread, wallMs, photos: done };
}

export function dispose(): void {
	processor?.dispose();
	ingest?.dispose();
	raw?.dispose();
	processor = ingest = raw = null;
}
