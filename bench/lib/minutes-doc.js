/**
 * The minutes the PDF bench renders, drafted in Node from the sample visit the specs use
 * (tests/fixtures/minutes): its inspection, answers, findings, counts, the secretary's additions
 * and two drawn signatures, with the sample's six photos replaced by the bench's own. Node 20
 * cannot load TypeScript itself; Vite's SSR loader compiles the modules on the fly, as
 * `npm run minutes:sample` does.
 */
import { createServer } from 'vite';
import { track } from './cleanup.js';
import { ROOT } from './paths.js';

/**
 * @typedef {{ sha256: string, width: number, height: number, bytes: number }} PhotoInfo
 * @typedef {{ itemId: string, result: string | null }} Row
 */

/** @param {number} i */
const photoId = (i) => `9c8b7a6d-5e4f-4a3b-8c2d-${String(i + 1).padStart(12, '0')}`;

/**
 * Keeps `count` checklist rows: the last answered-and-passed rows go first, so every finding's
 * item stays in the annex.
 * @param {{ rows: Row[] }[]} sections
 * @param {number} count
 */
function keepRows(sections, count) {
	let extra = sections.reduce((n, s) => n + s.rows.length, 0) - count;
	for (const section of [...sections].reverse()) {
		for (let i = section.rows.length - 1; i >= 0 && extra > 0; i--) {
			if (section.rows[i]?.result === 'pass') {
				section.rows.splice(i, 1);
				extra--;
			}
		}
	}
	if (extra > 0) throw new Error(`cannot cut the checklist to ${count} rows`);
	return sections.filter((s) => s.rows.length > 0);
}

/**
 * @param {PhotoInfo[]} photos in the order the page drew them
 * @param {{ items: number, indicators: number }} size
 * @returns {Promise<{ doc: any, checklistRows: number, draftedRows: number, draftedIndicators: number }>}
 */
export async function benchMinutes(photos, size) {
	const server = await createServer({
		root: ROOT,
		configFile: false,
		logLevel: 'error',
		appType: 'custom',
		server: { middlewareMode: true, hmr: false, ws: false },
		optimizeDeps: { noDiscovery: true, include: [] },
		resolve: { alias: { $lib: `${ROOT}/src/lib`, $fixtures: `${ROOT}/tests/fixtures` } }
	});
	const stop = track(() => server.close());
	try {
		const sample = await server.ssrLoadModule('/tests/fixtures/minutes/sample.ts');
		const { draftMinutes } = await server.ssrLoadModule('/src/lib/minutes/draft.ts');
		// The six sample photos' records (targets on items and findings, captions, places) are
		// the pattern; the bench's photos take their place, seven or so per pattern.
		/** @type {{ photo: any }[]} */
		const patterns = sample.samplePhotos();
		const records = photos.map((p, i) => {
			const pattern = /** @type {{ photo: any }} */ (patterns[i % patterns.length]).photo;
			const takenAt = new Date(Date.parse(pattern.takenAt) + i * 47_000).toISOString();
			const round = Math.floor(i / patterns.length);
			return {
				photo: {
					...pattern,
					id: photoId(i),
					caption: round === 0 ? pattern.caption : `${pattern.caption} (ảnh ${round + 1})`,
					fileName: `IMG_${String(2001 + i)}.jpg`,
					width: p.width,
					height: p.height,
					bytes: p.bytes,
					sha256: p.sha256,
					takenAt,
					createdAt: takenAt,
					updatedAt: takenAt
				},
				bytes: new Uint8Array()
			};
		});
		const doc = sample.completeSample(draftMinutes(sample.sampleInput(records)));
		const draftedRows = doc.annexes.checklist.reduce(
			(/** @type {number} */ n, /** @type {{ rows: Row[] }} */ s) => n + s.rows.length,
			0
		);
		const draftedIndicators = doc.annexes.indicators.length;
		doc.annexes.checklist = keepRows(doc.annexes.checklist, size.items);
		doc.annexes.indicators = doc.annexes.indicators.slice(0, size.indicators);
		return { doc, checklistRows: size.items, draftedRows, draftedIndicators };
	} finally {
		await stop();
	}
}
