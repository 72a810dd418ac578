import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MARGINS } from './geometry';
import { QR_SIZE, sealBand } from './page-furniture';
import { poppler, popplerBytes, wordBoxes, type Page, type Word } from './test-poppler';
import { renderSample, type RenderedSample } from './test-sample';

/** NĐ 30 geometry on A4, in mm, and how far a measurement may stray from it. */
const { top, bottom, left, right } = DEFAULT_MARGINS;
const TEXT_LEFT = left;
const TEXT_RIGHT = 210 - right;
const TEXT_BOTTOM = 297 - bottom;
const TOLERANCE = 1;
/** Rounding in pdftotext's output (6 decimals of a point). */
const EPSILON = 0.01;

const inTopMargin = (w: Word) => w.yMax < top;
const bodyWords = (page: Page) => page.words.filter((w) => !inTopMargin(w));
const min = (values: number[]) => Math.min(...values);
const max = (values: number[]) => Math.max(...values);

/** Pages of the minutes proper: before the first page headed "Phụ lục". */
function contentPages(pages: Page[]): Page[] {
	const annex = pages.findIndex((p) =>
		p.words.some((w) => w.text === 'Phụ' && Math.abs(w.yMin - top) < TOLERANCE)
	);
	return annex === -1 ? pages : pages.slice(0, annex);
}

describe('layout of the sample minutes, measured with pdftotext -bbox', () => {
	let sample: RenderedSample;
	let pages: Page[];
	beforeAll(async () => {
		sample = await renderSample();
		pages = wordBoxes(sample.path);
	}, 120_000);

	it('is A4 throughout', () => {
		for (const page of pages) {
			expect(page.width).toBeCloseTo(210, 0);
			expect(page.height).toBeCloseTo(297, 0);
		}
	});

	it('keeps every word inside the 20/20/30/15 mm margins, page numbers aside', () => {
		for (const page of pages) {
			const words = bodyWords(page);
			expect(min(words.map((w) => w.xMin))).toBeGreaterThanOrEqual(TEXT_LEFT - EPSILON);
			expect(max(words.map((w) => w.xMax))).toBeLessThanOrEqual(TEXT_RIGHT + EPSILON);
			expect(min(words.map((w) => w.yMin))).toBeGreaterThanOrEqual(top - EPSILON);
			expect(max(words.map((w) => w.yMax))).toBeLessThanOrEqual(TEXT_BOTTOM + EPSILON);
		}
	});

	it('runs justified body text from the left to the right margin, from the top margin down', () => {
		const content = contentPages(pages);
		expect(content.length).toBeGreaterThanOrEqual(3);
		expect(content.length).toBeLessThan(pages.length);
		for (const page of content) {
			const words = bodyWords(page);
			expect(Math.abs(min(words.map((w) => w.xMin)) - TEXT_LEFT)).toBeLessThanOrEqual(TOLERANCE);
			expect(Math.abs(max(words.map((w) => w.xMax)) - TEXT_RIGHT)).toBeLessThanOrEqual(TOLERANCE);
			expect(Math.abs(min(words.map((w) => w.yMin)) - top)).toBeLessThanOrEqual(TOLERANCE);
		}
	});

	it('numbers pages from 2, centred in the top margin, in the body size', () => {
		const first = pages[0];
		expect(first?.words.filter(inTopMargin)).toEqual([]);
		const textCentre = (TEXT_LEFT + TEXT_RIGHT) / 2;
		pages.slice(1).forEach((page, i) => {
			const numbers = page.words.filter(inTopMargin);
			expect(numbers.map((w) => w.text)).toEqual([String(i + 2)]);
			const n = numbers[0]!;
			expect(Math.abs((n.xMin + n.xMax) / 2 - textCentre)).toBeLessThanOrEqual(TOLERANCE);
			expect(Math.abs((n.yMin + n.yMax) / 2 - top / 2)).toBeLessThanOrEqual(TOLERANCE);
			// 13 pt Tinos: ascent + descent = 1.107 em ≈ 5.08 mm.
			expect(n.yMax - n.yMin).toBeCloseTo(5.08, 1);
		});
	});

	it('sets the header in two columns: Quốc hiệu right, issuing body left, same first line', () => {
		const words = pages[0]!.words;
		const cong = words.find((w) => w.text === 'CỘNG')!;
		const ubnd = words.find((w) => w.text === 'UBND')!;
		expect(cong.xMin).toBeGreaterThan(ubnd.xMax);
		expect(cong.yMin).toBeCloseTo(top, 1);
		expect(ubnd.yMin).toBeCloseTo(top, 1);
		const motto = words.filter((w) => ['Độc', 'phúc'].includes(w.text));
		expect(motto).toHaveLength(2);
		// 13 pt bold for the motto, one size up from the 12 pt Quốc hiệu.
		expect((motto[0]!.yMax - motto[0]!.yMin) / (cong.yMax - cong.yMin)).toBeCloseTo(13 / 12, 2);
	});

	it('sets body 13 pt, title 14 pt, "Nơi nhận" 12 pt and its list 11 pt', () => {
		const words = pages.flatMap((p) => p.words);
		// A word's box is ascent + descent: 1.107 em of Tinos.
		const pointsOf = (text: string) => {
			const w = words.find((x) => x.text === text)!;
			return (w.yMax - w.yMin) / 1.107 / (25.4 / 72);
		};
		expect(pointsOf('Hôm')).toBeCloseTo(13, 1);
		expect(pointsOf('BIÊN')).toBeCloseTo(14, 1);
		expect(pointsOf('Nơi')).toBeCloseTo(12, 1);
		expect(pointsOf('VT,')).toBeCloseTo(11, 1);
	});

	it('keeps the first signature row on the page of the closing mark', () => {
		const page = pages.find((p) => p.words.some((w) => w.text.endsWith('./.')));
		expect(page?.words.some((w) => w.text === 'TRƯỞNG')).toBe(true);
		expect(page?.words.some((w) => w.text === 'Hùng')).toBe(true);
	});
});

describe('the seal footer hook', () => {
	const qr = Array.from({ length: 49 }, (_, r) =>
		Array.from({ length: 49 }, (_, c) => (r * c + r) % 3 === 0)
	);
	const seal = {
		sha256: '9f2c41d07ab35e18'.padEnd(64, '0'),
		shortHash: '9f2c41d07ab35e18',
		url: 'https://kiemtra.example.vn/verify/3f6d2a10?h=9f2c41d07ab35e18',
		qr
	};
	let pages: Page[];
	let path: string;
	beforeAll(async () => {
		path = (await renderSample({ seal })).path;
		pages = wordBoxes(path);
	}, 120_000);

	/** Share of dark pixels in a box of page 1 (mm), rasterised by pdftoppm at 150 dpi. */
	function darkShare(x: number, y: number, w: number, h: number): number {
		const px = (mm: number) => Math.round((mm / 25.4) * 150);
		const args = ['-gray', '-r', '150', '-f', '1', '-l', '1', '-x', String(px(x)), '-y'];
		args.push(String(px(y)), '-W', String(px(w)), '-H', String(px(h)), path);
		const pgm = popplerBytes('pdftoppm', args);
		// Binary PGM: a "P5 width height 255" header, then one byte per pixel.
		const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
		const pixels = pgm.subarray(header![0].length);
		return pixels.filter((v) => v < 128).length / pixels.length;
	}

	it('names the full hash and the verification address in the file metadata', () => {
		const info = poppler('pdfinfo', [path]).stdout;
		expect(info).toMatch(new RegExp(`Keywords:\\s+kiem-tra-seal:${seal.sha256}`));
		expect(info).toContain(`Subject:         ${seal.url}`);
		expect(info).toContain('Title:           BIÊN BẢN KIỂM TRA số 05/BB-ĐKT');
	});

	it('draws the QR code at the foot of the text area, with a clear quiet zone', () => {
		const quiet = (4 * QR_SIZE) / qr.length;
		const qrLeft = TEXT_RIGHT - QR_SIZE;
		const qrTop = TEXT_BOTTOM - sealBand(seal) + quiet;
		const inside = darkShare(qrLeft + 0.5, qrTop + 0.5, QR_SIZE - 1, QR_SIZE - 1);
		expect(inside).toBeGreaterThan(0.2);
		expect(inside).toBeLessThan(0.8);
		expect(darkShare(qrLeft - quiet + 0.3, qrTop, quiet - 0.6, QR_SIZE)).toBe(0);
		expect(darkShare(qrLeft, qrTop - quiet + 0.3, QR_SIZE, quiet - 0.6)).toBe(0);
	});

	it('prints the short hash and the address on every page, under the text area', () => {
		const sealTop = TEXT_BOTTOM - sealBand(seal);
		for (const page of pages) {
			const hash = page.words.find((w) => w.text === seal.shortHash);
			expect(hash).toBeDefined();
			expect(hash!.yMin).toBeGreaterThan(sealTop);
			expect(page.words.some((w) => w.text.startsWith('https://kiemtra.example.vn/verify/'))).toBe(
				true
			);
			const content = page.words.filter((w) => !inTopMargin(w) && w.yMax <= sealTop + EPSILON);
			const footer = page.words.filter((w) => w.yMin > sealTop);
			expect(content.length + footer.length).toBe(bodyWords(page).length);
			const quiet = (4 * QR_SIZE) / qr.length;
			expect(max(footer.map((w) => w.xMax))).toBeLessThanOrEqual(TEXT_RIGHT - QR_SIZE - quiet);
		}
	});
});
