/**
 * The drawing on an annotated copy: shapes in the image pixels of the photo under them, an
 * undo history, the geometry the editor needs and one renderer shared by the live canvas and the
 * full-resolution export. No DOM: the renderer draws on any 2D context, real or fake.
 */

export type Point = { x: number; y: number };

export type Shape =
	| { kind: 'arrow' | 'ellipse' | 'rect'; from: Point; to: Point; color: string; width: number }
	| { kind: 'text'; at: Point; text: string; color: string; size: number };

export type Tool = Shape['kind'];

export const TOOLS: readonly Tool[] = ['arrow', 'ellipse', 'rect', 'text'];

/** Bright colours, because the outline under labels and the photo itself are mostly dark. */
export const COLORS = {
	red: '#ff3b30',
	yellow: '#ffcc00',
	blue: '#2f80ff',
	white: '#ffffff'
} as const;

export type ColorName = keyof typeof COLORS;

export const MAX_LABEL_LENGTH = 80;

/** PhotoSchema keeps at most 500 annotation records, so a drawing never grows past that. */
export const MAX_SHAPES = 500;

/** A label as it is stored (NFC, trimmed), or null when it is empty or too long to keep. */
export function cleanLabel(raw: string): string | null {
	const text = raw.normalize('NFC').trim();
	return text.length > 0 && text.length <= MAX_LABEL_LENGTH ? text : null;
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stored drawings are audited later, so a record with stray fields is refused like a bad one. */
function hasExactKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
	const own = Object.keys(value);
	return own.length === keys.length && keys.every((key) => key in value);
}

function isPoint(value: unknown): value is Point {
	return (
		isRecord(value) &&
		hasExactKeys(value, ['x', 'y']) &&
		Number.isFinite(value.x) &&
		Number.isFinite(value.y)
	);
}

function isPositive(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Labels must already be in stored form (see `cleanLabel`), so they compare and hash the same. */
export function isShape(value: unknown): value is Shape {
	if (!isRecord(value) || typeof value.color !== 'string' || !HEX_COLOR.test(value.color)) {
		return false;
	}
	switch (value.kind) {
		case 'arrow':
		case 'ellipse':
		case 'rect':
			return (
				hasExactKeys(value, ['kind', 'from', 'to', 'color', 'width']) &&
				isPoint(value.from) &&
				isPoint(value.to) &&
				isPositive(value.width)
			);
		case 'text':
			return (
				hasExactKeys(value, ['kind', 'at', 'text', 'color', 'size']) &&
				isPoint(value.at) &&
				typeof value.text === 'string' &&
				cleanLabel(value.text) === value.text &&
				isPositive(value.size)
			);
		default:
			return false;
	}
}

/**
 * A stack of whole drawings rather than of shapes: `clear` is then one more state like any other,
 * so undoing it brings every shape back without a special case. Shapes are never mutated, so the
 * states share them and each state costs one array of references.
 */
export type History = {
	readonly past: readonly (readonly Shape[])[];
	readonly present: readonly Shape[];
	readonly future: readonly (readonly Shape[])[];
};

/** `initial` is where the editor starts (a drawing being reworked); undo never goes before it. */
export function emptyHistory(initial: readonly Shape[] = []): History {
	return { past: [], present: initial, future: [] };
}

function push(h: History, next: readonly Shape[]): History {
	return { past: [...h.past, h.present], present: next, future: [] };
}

export function add(h: History, shape: Shape): History {
	return h.present.length >= MAX_SHAPES ? h : push(h, [...h.present, shape]);
}

/** Clearing nothing would only add an undo step that changes nothing. */
export function clear(h: History): History {
	return h.present.length === 0 ? h : push(h, []);
}

export function canUndo(h: History): boolean {
	return h.past.length > 0;
}

export function canRedo(h: History): boolean {
	return h.future.length > 0;
}

export function undo(h: History): History {
	const previous = h.past.at(-1);
	if (!previous) return h;
	return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] };
}

export function redo(h: History): History {
	const [next, ...rest] = h.future;
	if (!next) return h;
	return { past: [...h.past, h.present], present: next, future: rest };
}

type Size = { width: number; height: number };

export function normalizeRect(from: Point, to: Point): { x: number; y: number } & Size {
	return {
		x: Math.min(from.x, to.x),
		y: Math.min(from.y, to.y),
		width: Math.abs(to.x - from.x),
		height: Math.abs(to.y - from.y)
	};
}

const WING_ANGLE = Math.PI / 6;

/** The two wing ends of an arrow head at `to`, each `size` long and 30° off the shaft. */
export function arrowHead(from: Point, to: Point, size: number): [Point, Point] {
	const back = Math.atan2(from.y - to.y, from.x - to.x);
	const wing = (angle: number): Point => ({
		x: to.x + size * Math.cos(angle),
		y: to.y + size * Math.sin(angle)
	});
	return [wing(back - WING_ANGLE), wing(back + WING_ANGLE)];
}

/** Where the image sits inside a box that shows it with `object-fit: contain`. */
function letterbox(box: Size, image: Size): { scale: number; left: number; top: number } {
	const scale = Math.min(box.width / image.width, box.height / image.height);
	return {
		scale,
		left: (box.width - image.width * scale) / 2,
		top: (box.height - image.height * scale) / 2
	};
}

const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);

/**
 * A pointer position on the displayed canvas (its `getBoundingClientRect()`) in image pixels.
 * Points in the bars around a letterboxed image land on its nearest edge, so a drag that strays
 * off the photo still draws on it.
 */
export function toImagePoint(
	clientX: number,
	clientY: number,
	rect: { left: number; top: number } & Size,
	image: Size
): Point {
	const { scale, left, top } = letterbox(rect, image);
	if (!(scale > 0) || !Number.isFinite(scale)) return { x: 0, y: 0 };
	return {
		x: clamp((clientX - rect.left - left) / scale, image.width),
		y: clamp((clientY - rect.top - top) / scale, image.height)
	};
}

/** The inverse of `toImagePoint`, relative to the box's top-left corner, plus the scale used. */
export function toDisplayPoint(point: Point, box: Size, image: Size): Point & { scale: number } {
	const { scale, left, top } = letterbox(box, image);
	return { x: left + point.x * scale, y: top + point.y * scale, scale };
}

/** Thin lines vanish on a 4000 px photo and fat ones swamp a small one, so width follows size. */
export function defaultStrokeWidth(image: Size): number {
	return Math.max(3, Math.round(Math.max(image.width, image.height) * 0.004));
}

export function defaultTextSize(image: Size): number {
	return Math.max(16, Math.round(Math.max(image.width, image.height) * 0.03));
}

/** A tap or a twitch with a drawing tool, which would leave a dot nobody meant to draw. */
export function isTooSmall(shape: Shape): boolean {
	if (shape.kind === 'text') return false;
	return Math.hypot(shape.to.x - shape.from.x, shape.to.y - shape.from.y) < shape.width * 2;
}

/** The part of CanvasRenderingContext2D / OffscreenCanvasRenderingContext2D the renderer uses. */
export interface Ctx2D {
	strokeStyle: string | CanvasGradient | CanvasPattern;
	fillStyle: string | CanvasGradient | CanvasPattern;
	lineWidth: number;
	lineCap: CanvasLineCap;
	lineJoin: CanvasLineJoin;
	font: string;
	textBaseline: CanvasTextBaseline;
	save(): void;
	restore(): void;
	beginPath(): void;
	moveTo(x: number, y: number): void;
	lineTo(x: number, y: number): void;
	stroke(): void;
	strokeRect(x: number, y: number, width: number, height: number): void;
	ellipse(
		x: number,
		y: number,
		radiusX: number,
		radiusY: number,
		rotation: number,
		startAngle: number,
		endAngle: number
	): void;
	strokeText(text: string, x: number, y: number): void;
	fillText(text: string, x: number, y: number): void;
}

const OUTLINE = 'rgba(0, 0, 0, 0.85)';
export const LABEL_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

function drawShape(ctx: Ctx2D, shape: Shape, scale: number): void {
	const at = (p: Point): [number, number] => [p.x * scale, p.y * scale];
	if (shape.kind === 'text') {
		const size = shape.size * scale;
		ctx.font = `600 ${size}px ${LABEL_FONT}`;
		ctx.textBaseline = 'middle';
		ctx.lineWidth = Math.max(2, size / 6);
		ctx.strokeStyle = OUTLINE;
		ctx.fillStyle = shape.color;
		ctx.strokeText(shape.text, ...at(shape.at));
		ctx.fillText(shape.text, ...at(shape.at));
		return;
	}
	ctx.strokeStyle = shape.color;
	ctx.lineWidth = shape.width * scale;
	if (shape.kind === 'rect') {
		const r = normalizeRect(shape.from, shape.to);
		ctx.strokeRect(r.x * scale, r.y * scale, r.width * scale, r.height * scale);
		return;
	}
	ctx.beginPath();
	if (shape.kind === 'ellipse') {
		const r = normalizeRect(shape.from, shape.to);
		const [cx, cy] = at({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
		ctx.ellipse(cx, cy, (r.width / 2) * scale, (r.height / 2) * scale, 0, 0, 2 * Math.PI);
	} else {
		const [left, right] = arrowHead(shape.from, shape.to, shape.width * 4);
		ctx.moveTo(...at(shape.from));
		ctx.lineTo(...at(shape.to));
		ctx.moveTo(...at(left));
		ctx.lineTo(...at(shape.to));
		ctx.lineTo(...at(right));
	}
	ctx.stroke();
}

/** `scale` maps image pixels to the context's pixels (1 on a canvas at the photo's own size). */
export function drawShapes(ctx: Ctx2D, shapes: readonly Shape[], scale = 1): void {
	for (const shape of shapes) {
		ctx.save();
		ctx.lineCap = 'round';
		ctx.lineJoin = 'round';
		drawShape(ctx, shape, scale);
		ctx.restore();
	}
}
