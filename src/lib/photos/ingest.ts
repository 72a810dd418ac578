/**
 * Runs the photo pipeline in a worker, one photo at a time (memory stays bounded whatever the
 * batch size), and on the main thread where workers cannot draw (no OffscreenCanvas).
 */
import type { IngestReply, IngestRequest } from './ingest.worker';
import { processPhoto, type ProcessOptions, type ProcessResult } from './pipeline';

export class PhotoProcessor {
	#worker: Worker | null = null;
	#broken = false;
	#next = 0;
	#waiting = new Map<number, { request: IngestRequest; resolve: (r: ProcessResult) => void }>();

	process(file: Blob, fileName: string, options: ProcessOptions): Promise<ProcessResult> {
		const worker = this.#workerOrNull();
		if (!worker) return processPhoto(file, fileName, options);
		const id = ++this.#next;
		const request: IngestRequest = { id, file, fileName, options };
		return new Promise((resolve) => {
			this.#waiting.set(id, { request, resolve });
			worker.postMessage(request);
		});
	}

	dispose(): void {
		this.#worker?.terminate();
		this.#worker = null;
	}

	#workerOrNull(): Worker | null {
		if (this.#worker || this.#broken) return this.#worker;
		if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
			this.#broken = true;
			return null;
		}
		const worker = new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module' });
		worker.addEventListener('message', (event: MessageEvent<IngestReply>) => {
			const waiting = this.#waiting.get(event.data.id);
			this.#waiting.delete(event.data.id);
			waiting?.resolve(event.data.result);
		});
		// A worker that fails to start must not lose the batch: what waits is redone here.
		worker.addEventListener('error', () => {
			this.#broken = true;
			this.#worker = null;
			worker.terminate();
			for (const { request, resolve } of this.#waiting.values()) {
				void processPhoto(request.file, request.fileName, request.options).then(resolve);
			}
			this.#waiting.clear();
		});
		this.#worker = worker;
		return worker;
	}
}
