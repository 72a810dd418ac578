import { describe, expect, it } from 'vitest';
import {
	MAX_LABEL_LENGTH,
	MAX_SHAPES,
	add,
	arrowHead,
	canRedo,
	canUndo,
	cleanLabel,
	clear,
	defaultStrokeWidth,
	drawShapes,
	emptyHistory,
	isShape,
	isTooSmall,
	normalizeRect,
	redo,
	toDisplayPoint,
	toImagePoint,
	undo,
	type Ctx2D,
	type Point,
	type Shape
} from './annotate';

type Stroke = Extract<Shape, { from: Point }>;

const stroke = (kind: Stroke['kind'], x1: number, y1: number, x2: number, y2: number): Stroke => ({
	kind,
	from: { x: x1, y: y1 },
	to: { x: x2, y: y2 },
	color: '#ff3b30',
	width: 4
});
const rect = (x1: number, y1: number, x2: number, y2: number) => stroke('rect', x1, y1, x2, y2);
const label = (text: string): Shape => ({
	kind: 'text',
	at: { x: 10, y: 20 },
	text,
	color: '#ffffff',
	size: 24
});

describe('history', () => {
	const a = rect(0, 0, 1, 1);
	const b = rect(2, 2, 3, 3);
	const c = rect(4, 4, 5, 5);

	it('adds, undoes and redoes one shape at a time', () => {
		const h = add(add(emptyHistory(), a), b);
		expect(h.present).toEqual([a, b]);
		expect(undo(h).present).toEqual([a]);
		expect(undo(undo(h)).present).toEqual([]);
		expect(redo(undo(undo(h))).present).toEqual([a]);
		expect(redo(redo(undo(undo(h)))).present).toEqual([a, b]);
	});

	it('drops what could be redone once a new shape is drawn', () => {
		const h = add(undo(add(add(emptyHistory(), a), b)), c);
		expect(h.present).toEqual([a, c]);
		expect(canRedo(h)).toBe(false);
		expect(redo(h)).toBe(h);
	});

	it('undoes a clear, bringing every shape back, and redoes it', () => {
		const cleared = clear(add(add(emptyHistory(), a), b));
		expect(cleared.present).toEqual([]);
		expect(undo(cleared).present).toEqual([a, b]);
		expect(redo(undo(cleared)).present).toEqual([]);
		expect(undo(undo(cleared)).present).toEqual([a]);
	});

	it('does not record clearing an empty drawing', () => {
		const h = emptyHistory();
		expect(clear(h)).toBe(h);
		expect(canUndo(clear(h))).toBe(false);
	});

	it('starts from an initial drawing that undo cannot remove but clear can', () => {
		const h = emptyHistory([a]);
		expect(canUndo(h)).toBe(false);
		expect(undo(h)).toBe(h);
		expect(undo(clear(h)).present).toEqual([a]);
	});

	it('reports what is possible and never mutates a state', () => {
		const start = emptyHistory();
		expect([canUndo(start), canRedo(start)]).toEqual([false, false]);
		const one = add(start, a);
		expect([canUndo(one), canRedo(one)]).toEqual([true, false]);
		expect([canUndo(undo(one)), canRedo(undo(one))]).toEqual([false, true]);
		expect(start.present).toEqual([]);
		expect(one.present).toEqual([a]);
	});

	it('stops adding at the stored limit', () => {
		let h = emptyHistory();
		for (let i = 0; i < MAX_SHAPES; i++) h = add(h, a);
		expect(add(h, b)).toBe(h);
		expect(h.present).toHaveLength(MAX_SHAPES);
	});
});

describe('isShape', () => {
	it('accepts every kind', () => {
		expect(isShape(rect(0, 0, 5, 5))).toBe(true);
		expect(isShape({ ...rect(0, 0, 5, 5), kind: 'ellipse' })).toBe(true);
		expect(isShape({ ...rect(0, 0, 5, 5), kind: 'arrow' })).toBe(true);
		expect(isShape(label('Biển hiệu'))).toBe(true);
		expect(isShape(label('x'.repeat(MAX_LABEL_LENGTH)))).toBe(true);
	});

	it('rejects bad numbers, kinds, colours and extra fields', () => {
		expect(isShape(rect(Number.NaN, 0, 5, 5))).toBe(false);
		expect(isShape(rect(0, 0, Number.POSITIVE_INFINITY, 5))).toBe(false);
		expect(isShape({ ...rect(0, 0, 5, 5), width: 0 })).toBe(false);
		expect(isShape({ ...rect(0, 0, 5, 5), kind: 'star' })).toBe(false);
		expect(isShape({ ...rect(0, 0, 5, 5), color: 'red' })).toBe(false);
		expect(isShape({ ...rect(0, 0, 5, 5), extra: 1 })).toBe(false);
		expect(isShape({ ...rect(0, 0, 5, 5), from: { x: '1', y: 0 } })).toBe(false);
		expect(isShape({ ...label('ok'), size: -1 })).toBe(false);
		expect(isShape(null)).toBe(false);
		expect(isShape([])).toBe(false);
	});

	it('rejects empty, too long and unnormalised labels', () => {
		expect(isShape(label(''))).toBe(false);
		expect(isShape(label('   '))).toBe(false);
		expect(isShape(label('x'.repeat(MAX_LABEL_LENGTH + 1)))).toBe(false);
		expect(isShape(label(' padded '))).toBe(false);
		expect(isShape(label('Ô'.normalize('NFD')))).toBe(false);
	});

	it('cleans labels into their stored form', () => {
		expect(cleanLabel('  Ô  '.normalize('NFD'))).toBe('Ô'.normalize('NFC'));
		expect(cleanLabel(' \n ')).toBeNull();
		expect(cleanLabel('x'.repeat(MAX_LABEL_LENGTH + 1))).toBeNull();
	});
});

describe('geometry', () => {
	it('normalises a rectangle dragged in any direction', () => {
		expect(normalizeRect({ x: 10, y: 30 }, { x: 4, y: 2 })).toEqual({
			x: 4,
			y: 2,
			width: 6,
			height: 28
		});
	});

	it('puts both wings of an arrow head behind its tip, 30° off the shaft', () => {
		const [left, right] = arrowHead({ x: 0, y: 0 }, { x: 10, y: 0 }, 2);
		expect(left.x).toBeCloseTo(10 - Math.sqrt(3));
		expect(right.x).toBeCloseTo(10 - Math.sqrt(3));
		expect([left.y, right.y].sort((p, q) => p - q)).toEqual([
			expect.closeTo(-1),
			expect.closeTo(1)
		]);
		const [up] = arrowHead({ x: 5, y: 10 }, { x: 5, y: 0 }, 4);
		expect(Math.hypot(up.x - 5, up.y)).toBeCloseTo(4);
		expect(up.y).toBeGreaterThan(0);
	});

	const image = { width: 400, height: 200 };

	it('maps a pointer on a box with bars above and below (wide image)', () => {
		const box = { left: 100, top: 50, width: 200, height: 200 };
		// Scale 0.5: the image is 200×100 on screen, 50 px of bar above it.
		expect(toImagePoint(100, 100, box, image)).toEqual({ x: 0, y: 0 });
		expect(toImagePoint(200, 150, box, image)).toEqual({ x: 200, y: 100 });
		expect(toImagePoint(300, 200, box, image)).toEqual({ x: 400, y: 200 });
	});

	it('maps a pointer on a box with bars left and right (tall image)', () => {
		const box = { left: 0, top: 0, width: 800, height: 200 };
		// Scale 1: the image is 400 px wide, centred with 200 px bars.
		expect(toImagePoint(200, 0, box, image)).toEqual({ x: 0, y: 0 });
		expect(toImagePoint(450, 120, box, image)).toEqual({ x: 250, y: 120 });
	});

	it('clamps points in the bars or off the box to the image edge', () => {
		const box = { left: 0, top: 0, width: 800, height: 200 };
		expect(toImagePoint(50, -30, box, image)).toEqual({ x: 0, y: 0 });
		expect(toImagePoint(790, 500, box, image)).toEqual({ x: 400, y: 200 });
		expect(toImagePoint(10, 10, { ...box, width: 0 }, image)).toEqual({ x: 0, y: 0 });
	});

	it('maps an image point back onto the box', () => {
		const box = { width: 200, height: 200 };
		expect(toDisplayPoint({ x: 200, y: 100 }, box, image)).toEqual({ x: 100, y: 100, scale: 0.5 });
	});

	it('scales the default stroke with the long edge, never below 3 px', () => {
		expect(defaultStrokeWidth({ width: 4000, height: 3000 })).toBe(16);
		expect(defaultStrokeWidth({ width: 300, height: 2000 })).toBe(8);
		expect(defaultStrokeWidth({ width: 320, height: 240 })).toBe(3);
	});

	it('treats a tap with a drawing tool as too small, but never a label', () => {
		expect(isTooSmall(rect(10, 10, 12, 11))).toBe(true);
		expect(isTooSmall(rect(10, 10, 30, 10))).toBe(false);
		expect(isTooSmall(label('a'))).toBe(false);
	});
});

type Call = [string, ...unknown[]];

function recorder(): { ctx: Ctx2D; calls: Call[] } {
	const calls: Call[] = [];
	const log =
		(name: string) =>
		(...args: unknown[]) => {
			calls.push([name, ...args]);
		};
	const ctx: Ctx2D = {
		strokeStyle: '',
		fillStyle: '',
		lineWidth: 1,
		lineCap: 'butt',
		lineJoin: 'miter',
		font: '',
		textBaseline: 'alphabetic',
		save: log('save'),
		restore: log('restore'),
		beginPath: log('beginPath'),
		moveTo: log('moveTo'),
		lineTo: log('lineTo'),
		stroke: log('stroke'),
		strokeRect: log('strokeRect'),
		ellipse: log('ellipse'),
		strokeText(...args: unknown[]) {
			calls.push(['strokeText', ...args, this.strokeStyle, this.lineWidth]);
		},
		fillText(...args: unknown[]) {
			calls.push(['fillText', ...args, this.fillStyle]);
		}
	};
	return { ctx, calls };
}

describe('drawShapes', () => {
	it('strokes a rectangle from its normalised corner, scaled, inside save/restore', () => {
		const { ctx, calls } = recorder();
		drawShapes(ctx, [rect(30, 40, 10, 20)], 0.5);
		expect(calls).toEqual([['save'], ['strokeRect', 5, 10, 10, 10], ['restore']]);
		expect(ctx.lineWidth).toBe(2);
		expect(ctx.strokeStyle).toBe('#ff3b30');
	});

	it('outlines a label in dark before filling it in its colour', () => {
		const { ctx, calls } = recorder();
		drawShapes(ctx, [label('Lối thoát')]);
		const names = calls.map(([name]) => name);
		expect(names).toEqual(['save', 'strokeText', 'fillText', 'restore']);
		expect(calls[1]).toEqual(['strokeText', 'Lối thoát', 10, 20, 'rgba(0, 0, 0, 0.85)', 4]);
		expect(calls[2]).toEqual(['fillText', 'Lối thoát', 10, 20, '#ffffff']);
		expect(ctx.font).toContain('24px');
	});

	it('draws an arrow as its shaft and both wings meeting at the tip', () => {
		const { ctx, calls } = recorder();
		const arrow = stroke('arrow', 0, 0, 100, 0);
		drawShapes(ctx, [arrow]);
		const [left, right] = arrowHead(arrow.from, arrow.to, 16);
		expect(calls).toEqual([
			['save'],
			['beginPath'],
			['moveTo', 0, 0],
			['lineTo', 100, 0],
			['moveTo', left.x, left.y],
			['lineTo', 100, 0],
			['lineTo', right.x, right.y],
			['stroke'],
			['restore']
		]);
	});

	it('draws an ellipse inscribed in the dragged box', () => {
		const { ctx, calls } = recorder();
		drawShapes(ctx, [stroke('ellipse', 40, 10, 0, 30)]);
		expect(calls).toEqual([
			['save'],
			['beginPath'],
			['ellipse', 20, 20, 20, 10, 0, 0, 2 * Math.PI],
			['stroke'],
			['restore']
		]);
	});

	it('draws nothing for an empty drawing', () => {
		const { ctx, calls } = recorder();
		drawShapes(ctx, []);
		expect(calls).toEqual([]);
	});
});
