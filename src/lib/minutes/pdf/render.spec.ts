import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFontLoader } from './fonts-node';
import { PhotoMismatchError, fixCidOrdering, renderMinutesPdf } from './render';
import { pageTexts, poppler } from './test-poppler';
import { renderSample, type RenderedSample } from './test-sample';

/** Text as one line: pdftotext breaks lines where the layout did, and pages at form feeds. */
function flatText(path: string): string {
	return pageTexts(path)
		.map((page, i) => (i === 0 ? page : page.replace(/^\s*\d+\s*\n/, '')))
		.join(' ')
		.replace(/\s+/g, ' ');
}

describe('the sample minutes PDF, read back with poppler', () => {
	let sample: RenderedSample;
	beforeAll(async () => {
		sample = await renderSample();
	}, 120_000);

	it('is an A4 PDF that poppler reads without complaint', () => {
		const info = poppler('pdfinfo', [sample.path]);
		expect(info.stdout).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
		for (const tool of ['pdftotext', 'pdffonts', 'pdfimages']) {
			const args =
				tool === 'pdfimages'
					? ['-list', sample.path]
					: [sample.path, ...(tool === 'pdftotext' ? ['-'] : [])];
			expect(poppler(tool, args).stderr).toBe('');
		}
	});

	it('uses only the four Tinos faces, all embedded', () => {
		const rows = poppler('pdffonts', [sample.path]).stdout.trim().split('\n').slice(2);
		expect(rows).toHaveLength(4);
		for (const row of rows) {
			const [name, type, subtype, encoding, embedded] = row.split(/\s+/);
			expect(name).toBe('Tinos');
			expect(`${type} ${subtype}`).toBe('CID TrueType');
			expect(encoding).toBe('Identity-H');
			expect(embedded).toBe('yes');
		}
	});

	it('carries the national title, motto, title and closing mark as real text', () => {
		const text = flatText(sample.path);
		expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
		expect(text).toContain('BIÊN BẢN KIỂM TRA');
		expect(text).toContain('Số: 05/BB-ĐKT');
		expect(text).toMatch(/của đơn vị\.\/\./);
		expect(text).toContain('Nơi nhận:');
		expect(text).toContain('- Lưu: VT, ĐKT.');
	});

	it("prints every finding's Vietnamese text exactly, with its legal basis", () => {
		const text = flatText(sample.path);
		const findings = sample.doc.results.shortcomings.flatMap((g) => g.findings);
		expect(findings.length).toBeGreaterThanOrEqual(5);
		for (const f of findings) {
			expect(text).toContain(f.description.replace(/\s+/g, ' '));
			if (f.legalBasis) expect(text).toContain(`Căn cứ: ${f.legalBasis}`);
		}
		expect(text).toContain('(Ảnh số 1, Phụ lục 01)');
	});

	it('embeds each photo as the very JPEG bytes it was given', () => {
		const list = poppler('pdfimages', ['-list', sample.path]).stdout;
		const jpegRows = list.split('\n').filter((row) => / jpeg /.test(row));
		expect(jpegRows).toHaveLength(sample.doc.annexes.photos.length);
		const dir = mkdtempSync(join(tmpdir(), 'minutes-images-'));
		poppler('pdfimages', ['-j', sample.path, join(dir, 'img')]);
		const extracted = readdirSync(dir)
			.filter((f) => f.endsWith('.jpg'))
			.map((f) =>
				createHash('sha256')
					.update(readFileSync(join(dir, f)))
					.digest('hex')
			)
			.sort();
		expect(extracted).toEqual(sample.doc.annexes.photos.map((p) => p.sha256).sort());
	});

	it('embeds the signature images and says who refused', () => {
		const list = poppler('pdfimages', ['-list', sample.path]).stdout;
		expect(list.split('\n').filter((row) => / smask /.test(row))).toHaveLength(2);
		const text = flatText(sample.path);
		expect(text).toContain('(Không ký)');
		expect(text).toContain('Hoàng Thị Thanh (Đại diện Bộ phận Một cửa) không ký biên bản. Lý do:');
	});

	it('reports progress through every photo to the end', () => {
		const total = sample.doc.annexes.photos.length;
		expect(sample.progress[0]?.stage).toBe('fonts');
		expect(sample.progress.at(-1)).toMatchObject({
			stage: 'done',
			photosDone: total,
			photosTotal: total
		});
		const photos = sample.progress.filter((p) => p.stage === 'photos').map((p) => p.photosDone);
		expect(photos).toEqual([0, ...Array.from({ length: total }, (_, i) => i + 1)]);
		const pages = sample.progress.map((p) => p.pages);
		expect(pages).toEqual([...pages].sort((a, b) => a - b));
		const count = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [sample.path]).stdout)?.[1]);
		expect(sample.progress.at(-1)?.pages).toBe(count);
	});
});

describe('renderMinutesPdf', () => {
	it('refuses photo bytes that are not the photo the minutes name', async () => {
		const { doc } = await import('$fixtures/minutes/sample').then((m) => m.sampleMinutes());
		const wrong = new TextEncoder().encode('not the photo');
		await expect(
			renderMinutesPdf(doc, { fonts: nodeFontLoader, photos: async () => wrong })
		).rejects.toBeInstanceOf(PhotoMismatchError);
	});

	it('refuses a document that does not pass its schema', async () => {
		const { doc } = await import('$fixtures/minutes/sample').then((m) => m.sampleMinutes());
		const broken = { ...doc, closing: { ...doc.closing, endTime: '25:00' } };
		await expect(
			renderMinutesPdf(broken, { fonts: nodeFontLoader, photos: async () => new Uint8Array() })
		).rejects.toThrow();
	});

	it('fixes the CID ordering in place without moving a byte', () => {
		const bytes = new TextEncoder().encode('<< /Ordering (Identity-H) >> /Ordering (Identity-H)');
		const fixed = new TextDecoder().decode(fixCidOrdering(bytes.slice()));
		expect(fixed).toBe('<< /Ordering (Identity)   >> /Ordering (Identity)  ');
		expect(fixed.length).toBe(bytes.length);
	});

	it('fixes the ordering at the first and last bytes and right after a near miss', () => {
		const text = '/Ordering (Identity-H)x/Ordering (Identity-V)/Ordering (Identity-H)';
		const fixed = new TextDecoder().decode(fixCidOrdering(new TextEncoder().encode(text)));
		expect(fixed).toBe('/Ordering (Identity)  x/Ordering (Identity-V)/Ordering (Identity)  ');
	});
});
