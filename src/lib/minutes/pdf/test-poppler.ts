/**
 * poppler-utils for the PDF specs: the text, fonts, images and word boxes of a rendered file,
 * as an independent reader sees them. Missing tools fail loudly (scripts/ensure-chromium.js
 * installs them), never skip.
 */
import { spawnSync } from 'node:child_process';
import { MM_PER_PT } from './geometry';

/** Runs a poppler tool; its stderr carries the problems it recovered from. */
export function poppler(tool: string, args: string[]): { stdout: string; stderr: string } {
	const run = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if ((run.error as { code?: string } | undefined)?.code === 'ENOENT') {
		throw new Error(`${tool} not found: run \`node scripts/ensure-chromium.js\` (poppler-utils)`);
	}
	if (run.error) throw run.error;
	if (run.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${run.stderr}`);
	return { stdout: run.stdout, stderr: run.stderr };
}

/** A poppler tool's binary output (pdftoppm images). */
export function popplerBytes(tool: string, args: string[]): Buffer {
	const run = spawnSync(tool, args, { maxBuffer: 64 * 1024 * 1024 });
	if (run.error) throw run.error;
	if (run.status !== 0) throw new Error(`${tool} failed: ${run.stderr.toString()}`);
	return run.stdout;
}

export type Word = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };
export type Page = { width: number; height: number; words: Word[] };

const decode = (s: string) =>
	s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');

/** Word boxes per page from `pdftotext -bbox`, in millimetres from the top-left corner. */
export function wordBoxes(pdfPath: string): Page[] {
	const html = poppler('pdftotext', ['-bbox', pdfPath, '-']).stdout;
	const mm = (v: string) => Number(v) * MM_PER_PT;
	return html
		.split('<page ')
		.slice(1)
		.map((chunk) => {
			const size = /width="([\d.]+)" height="([\d.]+)"/.exec(chunk);
			const words = [
				...chunk.matchAll(
					/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g
				)
			].map((m) => ({
				xMin: mm(m[1]!),
				yMin: mm(m[2]!),
				xMax: mm(m[3]!),
				yMax: mm(m[4]!),
				text: decode(m[5]!)
			}));
			return { width: mm(size?.[1] ?? '0'), height: mm(size?.[2] ?? '0'), words };
		});
}

/** The text of each page, as `pdftotext` reads it (pages end with a form feed). */
export function pageTexts(pdfPath: string): string[] {
	return poppler('pdftotext', [pdfPath, '-']).stdout.split('\f').slice(0, -1);
}
