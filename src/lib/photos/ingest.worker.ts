/**
 * The ingest worker: decoding and encoding 12-megapixel photos takes hundreds of milliseconds
 * each, which on the main thread would freeze the checklist while a batch comes in.
 */
import { processPhoto, type ProcessOptions, type ProcessResult } from './pipeline';

export type IngestRequest = { id: number; file: Blob; fileName: string; options: ProcessOptions };
export type IngestReply = { id: number; result: ProcessResult };

addEventListener('message', (event: MessageEvent<IngestRequest>) => {
	const { id, file, fileName, options } = event.data;
	void processPhoto(file, fileName, options)
		.catch((): ProcessResult => ({ ok: false, problem: 'corrupt' }))
		.then((result) => {
			const reply: IngestReply = { id, result };
			// The bytes move to the page instead of being copied: a batch holds less memory.
			postMessage(reply, { transfer: result.ok ? [result.photo.full, result.photo.thumb] : [] });
		});
});
