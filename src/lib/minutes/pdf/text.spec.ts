import { describe, expect, it } from 'vitest';
import { drawLine, layoutLines, type Run } from './text';
import { pdfString, testDocument } from './test-doc';

const PARAGRAPH =
	'Bộ phận Một cửa niêm yết đầy đủ, kịp thời các thủ tục hành chính thuộc thẩm quyền giải ' +
	'quyết của phường; hồ sơ được tiếp nhận, số hóa và trả kết quả đúng hạn theo quy định.';

/** How many text objects the page's content holds. */
const textObjects = (pdf: string) => pdf.match(/^BT$/gm)?.length ?? 0;

async function drawn(runs: Run[]): Promise<{ lines: number; objects: number }> {
	const doc = await testDocument();
	const lines = layoutLines(doc, runs, 90, 13, 10);
	let top = 20;
	lines.forEach((line, i) => {
		drawLine(doc, line, {
			x: 30,
			top,
			width: 90,
			size: 13,
			align: 'justify',
			isLast: i === lines.length - 1
		});
		top += 6;
	});
	return { lines: lines.length, objects: textObjects(pdfString(doc)) };
}

describe('drawLine', () => {
	it('draws each line in one style, justified or not, as one text object', async () => {
		const { lines, objects } = await drawn([{ text: PARAGRAPH }]);
		expect(lines).toBeGreaterThan(2);
		expect(objects).toBe(lines);
	});

	it('draws a line that mixes styles piece by piece', async () => {
		const { lines, objects } = await drawn([
			{ text: 'Tiêu chí B1:', style: 'bold' },
			{ text: ` ${PARAGRAPH}` }
		]);
		expect(objects).toBeGreaterThan(lines);
	});
});
