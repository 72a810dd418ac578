import { jsPDF } from 'jspdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { Flow, paragraph } from './flow';
import { nodeFontLoader } from './fonts-node';
import { loadFonts, registerFonts, type LoadedFonts } from './fonts';
import { A4, DEFAULT_MARGINS, lineHeight } from './geometry';
import { table, type TableRow } from './table';

let fonts: LoadedFonts;
beforeAll(async () => {
	fonts = await loadFonts(nodeFontLoader);
}, 60_000);

type Drawn = { page: number; y: number; h: number };

/** A flow on a real jsPDF document that records where rectangles and text lines land. */
function recordingFlow() {
	const doc = new jsPDF({ unit: 'mm', format: 'a4', putOnlyUsedFonts: true });
	registerFonts(doc, fonts);
	const rects: Drawn[] = [];
	const texts: Drawn[] = [];
	const rect = doc.rect.bind(doc);
	const text = doc.text.bind(doc);
	const page = () => doc.getCurrentPageInfo().pageNumber;
	doc.rect = ((x: number, y: number, w: number, h: number, style?: string) => {
		rects.push({ page: page(), y, h });
		return rect(x, y, w, h, style);
	}) as typeof doc.rect;
	doc.text = ((t: string, x: number, y: number) => {
		texts.push({ page: page(), y, h: 0 });
		return text(t, x, y);
	}) as typeof doc.text;
	const flow = new Flow(doc, { ...A4, margins: DEFAULT_MARGINS, footerReserve: 0 });
	return { doc, flow, rects, texts };
}

const words = (n: number) =>
	Array.from({ length: n }, (_, i) => `hồ sơ thủ tục hành chính số ${i + 1}`).join(' ');

describe('table', () => {
	it('moves a row that does not fit to the next page, under the header again', () => {
		const { flow, rects } = recordingFlow();
		const columns = [
			{ header: 'Mã', width: 20 },
			{ header: 'Nội dung', width: 145 }
		];
		const rows: TableRow[] = Array.from({ length: 40 }, (_, i) => ({
			kind: 'cells',
			cells: [`R${i}`, words(1 + (i % 7) * 3)]
		}));
		table(flow, columns, rows, { size: 11 });
		expect(flow.pages).toBeGreaterThan(1);
		for (const r of rects) {
			expect(r.y).toBeGreaterThanOrEqual(DEFAULT_MARGINS.top - 1e-6);
			expect(r.y + r.h).toBeLessThanOrEqual(297 - DEFAULT_MARGINS.bottom + 1e-6);
		}
		for (let page = 2; page <= flow.pages; page++) {
			const first = rects.filter((r) => r.page === page)[0];
			// The header row starts each continued page.
			expect(first?.y).toBeCloseTo(DEFAULT_MARGINS.top, 6);
		}
	});

	it('splits only a row taller than a whole page, at line boundaries', () => {
		const { flow, rects } = recordingFlow();
		const columns = [
			{ header: 'Mã', width: 20 },
			{ header: 'Ghi nhận', width: 40 }
		];
		table(flow, columns, [{ kind: 'cells', cells: ['X', words(120)] }], { size: 11 });
		expect(flow.pages).toBeGreaterThan(1);
		for (const r of rects) expect(r.y + r.h).toBeLessThanOrEqual(277 + 1e-6);
	});
});

describe('paragraph', () => {
	const size = 13;
	const pitch = lineHeight(size);

	// 48 layouts of real text: seconds on a loaded machine, so the default 5 s limit is too tight.
	it('never leaves one line of a paragraph alone at the foot or the head of a page', () => {
		let split = 0;
		for (const length of [8, 11, 14]) {
			for (let lead = 0; lead < 16; lead++) {
				const { flow, texts } = recordingFlow();
				// Fill the page to a different depth each time, then a paragraph of 3 to 5 lines.
				flow.advance(277 - 20 - 4 * pitch + lead * (pitch / 4));
				const before = texts.length;
				paragraph(flow, words(length), { size, indent: 10 });
				const lines = new Map<number, Set<number>>();
				for (const t of texts.slice(before)) {
					lines.set(t.page, (lines.get(t.page) ?? new Set()).add(Math.round(t.y * 100)));
				}
				if (lines.size > 1) split++;
				for (const ys of lines.values()) expect(ys.size).toBeGreaterThanOrEqual(2);
			}
		}
		expect(split).toBeGreaterThan(0);
	}, 60_000);

	it('keeps its last lines on the page of what must follow it', () => {
		const { flow } = recordingFlow();
		flow.advance(200);
		paragraph(flow, words(6), { size, keepWithNext: 40 });
		expect(flow.remaining()).toBeGreaterThanOrEqual(40 - 1e-6);
	});
});
