/** Renders the sample minutes to a temporary file for the PDF specs. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleMinutes } from '$fixtures/minutes/sample';
import type { MinutesDocument } from '../model';
import { nodeFontLoader } from './fonts-node';
import { renderMinutesPdf, type RenderOptions, type RenderProgress } from './render';

export type RenderedSample = {
	path: string;
	bytes: Uint8Array;
	doc: MinutesDocument;
	photoBytes: Map<string, Uint8Array>;
	progress: RenderProgress[];
};

export async function renderSample(
	options: Partial<RenderOptions> = {},
	edit: (doc: MinutesDocument) => MinutesDocument = (doc) => doc
): Promise<RenderedSample> {
	const { doc: sample, photos } = sampleMinutes();
	const doc = edit(sample);
	const photoBytes = new Map(photos.map((p) => [p.photo.sha256, p.bytes]));
	const progress: RenderProgress[] = [];
	const bytes = await renderMinutesPdf(doc, {
		fonts: nodeFontLoader,
		photos: async (sha256) => {
			const found = photoBytes.get(sha256);
			if (!found) throw new Error(`no photo ${sha256}`);
			return found;
		},
		onProgress: (p) => progress.push(p),
		...options
	});
	const path = join(mkdtempSync(join(tmpdir(), 'minutes-')), 'sample.pdf');
	writeFileSync(path, bytes);
	return { path, bytes, doc, photoBytes, progress };
}
