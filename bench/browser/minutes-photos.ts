/**
 * Phone photos as the app stores them (long edge 2048 px, JPEG at the ingest quality), drawn in
 * the page so the minutes bench depends on no system tool. A flat colour or a gradient would
 * encode to a fraction of a real photo's size, and the size goal is measured against these bytes:
 * shapes and text give edges, a coarse noise layer blotches, a fine one sensor grain.
 */
import { JPEG_QUALITY, LONG_EDGE } from '$lib/photos/limits';

export type BenchPhoto = { bytes: Uint8Array; sha256: string; width: number; height: number };

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

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
	return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One stored photo: landscape 2048 × 1536 or portrait 1536 × 2048. `grain` (0–255) sets how
 * much sensor noise there is, which is what mostly decides the JPEG's size.
 */
export async function phonePhoto(seed: number, portrait: boolean, grain: number) {
	const random = mulberry32(seed);
	const short = Math.round((LONG_EDGE * 3) / 4);
	const [W, H] = portrait ? [short, LONG_EDGE] : [LONG_EDGE, short];
	const canvas = new OffscreenCanvas(W, H);
	const g = canvas.getContext('2d');
	if (!g) throw new Error('no 2d context');
	const sky = g.createLinearGradient(0, 0, W * random(), H);
	sky.addColorStop(0, `hsl(${random() * 360} 50% 65%)`);
	sky.addColorStop(0.5, `hsl(${random() * 360} 35% 45%)`);
	sky.addColorStop(1, `hsl(${random() * 360} 40% 25%)`);
	g.fillStyle = sky;
	g.fillRect(0, 0, W, H);
	for (let i = 0; i < 160; i++) {
		g.fillStyle = `hsl(${random() * 360} ${30 + random() * 50}% ${20 + random() * 60}% / ${0.3 + random() * 0.7})`;
		const x = random() * W;
		const y = random() * H;
		const r = 10 + random() * 250;
		if (i % 3 === 0) {
			g.beginPath();
			g.arc(x, y, r, 0, Math.PI * 2);
			g.fill();
		} else if (i % 3 === 1) {
			g.fillRect(x, y, r * 1.5, r);
		} else {
			g.font = `${Math.round(14 + random() * 90)}px sans-serif`;
			g.fillText('Bảng niêm yết thủ tục hành chính — Bộ phận Một cửa', x, y);
		}
	}
	const coarse = new OffscreenCanvas(256, 192);
	coarse.getContext('2d')?.putImageData(noise(256, 192, 255, random), 0, 0);
	g.globalCompositeOperation = 'overlay';
	g.globalAlpha = 0.35;
	g.imageSmoothingQuality = 'high';
	g.drawImage(coarse, 0, 0, W, H);
	const tile = 512;
	const fine = new OffscreenCanvas(tile, tile);
	fine.getContext('2d')?.putImageData(noise(tile, tile, grain, random), 0, 0);
	g.globalAlpha = 1;
	for (let y = 0; y < H; y += tile) for (let x = 0; x < W; x += tile) g.drawImage(fine, x, y);
	const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
	const bytes = new Uint8Array(await blob.arrayBuffer());
	return { bytes, sha256: await sha256Hex(bytes), width: W, height: H } satisfies BenchPhoto;
}
