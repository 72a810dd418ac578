/**
 * The verification QR as a module matrix, so the PDF draws it as vector squares (jsPDF `rect`)
 * that stay sharp at any zoom and print size, with no canvas: the same code runs in the browser,
 * in a worker and in Node (`npm run minutes:sample`). A PNG from toDataURL would need a canvas in
 * the browser and be blurry when printed.
 *
 * Error correction level M (15 % of the symbol recoverable) is the usual trade-off for print that
 * gets folded, stamped or scanned again. A typical link (https origin, UUID, 64-digit hash) gives
 * a version 8 symbol, 49 × 49 modules; at 25 mm a module is about 0.5 mm, which phone cameras read.
 * The drawer must leave QR_QUIET_ZONE light modules around the symbol (ISO/IEC 18004).
 */
import QRCode from 'qrcode';

export const QR_QUIET_ZONE = 4;

export type QrMatrix = {
	version: number;
	/** Modules per side: 17 + 4 × version. */
	size: number;
	/** Row-major, 1 for a dark module; plain data so it can cross a worker boundary. */
	dark: Uint8Array;
};

/** A horizontal run of dark modules, so a row costs one rect per run, not one per module. */
export type QrRun = { row: number; col: number; length: number };

export function qrMatrix(text: string): QrMatrix {
	const symbol = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const { size, data } = symbol.modules;
	return { version: symbol.version, size, dark: Uint8Array.from(data, (bit) => (bit ? 1 : 0)) };
}

export function isDark(matrix: QrMatrix, row: number, col: number): boolean {
	return matrix.dark[row * matrix.size + col] === 1;
}

export function darkRuns(matrix: QrMatrix): QrRun[] {
	const runs: QrRun[] = [];
	for (let row = 0; row < matrix.size; row++) {
		let col = 0;
		while (col < matrix.size) {
			if (!isDark(matrix, row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < matrix.size && isDark(matrix, row, col)) col++;
			runs.push({ row, col: start, length: col - start });
		}
	}
	return runs;
}
