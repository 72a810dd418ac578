/** Drawing surfaces that work in a worker (OffscreenCanvas) and, failing that, in the page. */

export type Canvas = OffscreenCanvas | HTMLCanvasElement;
export type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export function canvasOf(width: number, height: number): { canvas: Canvas; context: Context2D } {
	let canvas: Canvas;
	if (typeof OffscreenCanvas !== 'undefined') {
		canvas = new OffscreenCanvas(width, height);
	} else {
		canvas = document.createElement('canvas');
		canvas.width = width;
		canvas.height = height;
	}
	const context = canvas.getContext('2d') as Context2D | null;
	if (!context) throw new Error('no 2d context');
	return { canvas, context };
}

export async function encodeJpeg(canvas: Canvas, quality: number): Promise<Blob> {
	const blob =
		'convertToBlob' in canvas
			? await canvas.convertToBlob({ type: 'image/jpeg', quality })
			: await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
	if (!blob) throw new Error('JPEG encoding failed');
	return blob;
}
