/**
 * The floor under the photo pipeline, in a worker like the app's ingest worker so both sides pay
 * the same postMessage round trip and run off the main thread: decode straight to the stored
 * size, draw, encode JPEG. No header or EXIF reading, no thumbnail, no hash, no storage.
 */
import { JPEG_QUALITY } from '$lib/photos/limits';

export type RawRequest = { id: number; file: Blob; width: number; height: number };
export type RawReply =
	| { id: number; ok: true; blob: Blob; width: number; height: number }
	| { id: number; ok: false; error: string };

async function encode(file: Blob, width: number, height: number) {
	// Same decode options as the pipeline, so a rotated photo costs both sides the same rotation.
	const bitmap = await createImageBitmap(file, {
		imageOrientation: 'from-image',
		resizeWidth: width,
		resizeHeight: height,
		resizeQuality: 'high'
	});
	try {
		const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('no 2d context');
		context.drawImage(bitmap, 0, 0);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
		return { blob, width: bitmap.width, height: bitmap.height };
	} finally {
		bitmap.close();
	}
}

addEventListener('message', (event: MessageEvent<RawRequest>) => {
	const { id, file, width, height } = event.data;
	void encode(file, width, height).then(
		(done) => postMessage({ id, ok: true, ...done } satisfies RawReply),
		(error: unknown) => postMessage({ id, ok: false, error: String(error) } satisfies RawReply)
	);
});
