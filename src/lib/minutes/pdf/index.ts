/**
 * The minutes PDF renderer. Importing this pulls in jsPDF (about 350 KB), so screens load it with
 * `await import('$lib/minutes/pdf')` when a PDF is asked for, never from the app shell. The
 * browser passes `browserFontLoader` (./fonts-browser); Node passes `nodeFontLoader`
 * (./fonts-node), which is kept out of this index because it needs node:fs.
 */
export {
	PhotoMismatchError,
	renderMinutesPdf,
	type PhotoSource,
	type RenderOptions,
	type RenderProgress
} from './render';
export type { SealFooter } from './page-furniture';
export type { FontLoader, FontStyle } from './fonts';
export { DEFAULT_MARGINS, TYPE_SCALES, type Margins, type TypeScaleName } from './geometry';
