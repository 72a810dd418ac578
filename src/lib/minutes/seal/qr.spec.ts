import { describe, expect, it } from 'vitest';
import { darkRuns, isDark, qrMatrix, type QrMatrix } from './qr';
import { verifyUrl } from './verify-url';

const LINK = verifyUrl(
	'https://kiemtra.hanoi.gov.vn',
	'0190c6f2-7a1e-7c3b-9d2a-5e8f1b4c6d70',
	'3f2a9c1b0d4e77a5'.repeat(4)
);

// ISO/IEC 18004 BCH codes, written from the standard rather than taken from the library.
const FORMAT_GENERATOR = 0b10100110111;
const FORMAT_MASK = 0b101010000010010;
const VERSION_GENERATOR = 0b1111100100101;

function remainder(value: number, generator: number): number {
	const degree = (n: number) => 31 - Math.clz32(n);
	while (value && degree(value) >= degree(generator)) {
		value ^= generator << (degree(value) - degree(generator));
	}
	return value;
}

function readBits(matrix: QrMatrix, cells: [number, number][]): number {
	return cells.reduce((bits, [row, col], i) => bits | (Number(isDark(matrix, row, col)) << i), 0);
}

/** Both copies of the 15-bit format information, bit i first. */
function formatCopies(matrix: QrMatrix): [number, number] {
	const { size } = matrix;
	const indices = Array.from({ length: 15 }, (_, i) => i);
	const vertical = indices.map((i): [number, number] => [
		i < 6 ? i : i < 8 ? i + 1 : size - 15 + i,
		8
	]);
	const horizontal = indices.map((i): [number, number] => [
		8,
		i < 8 ? size - 1 - i : i === 8 ? 7 : 14 - i
	]);
	return [readBits(matrix, vertical), readBits(matrix, horizontal)];
}

/** Both 6×3 blocks of the 18-bit version information (versions 7 and up). */
function versionCopies(matrix: QrMatrix): [number, number] {
	const at = Array.from({ length: 18 }, (_, i): [number, number] => [
		Math.floor(i / 3),
		matrix.size - 11 + (i % 3)
	]);
	return [
		readBits(matrix, at),
		readBits(
			matrix,
			at.map(([row, col]): [number, number] => [col, row])
		)
	];
}

function hasFinder(matrix: QrMatrix, top: number, left: number): boolean {
	for (let r = 0; r < 7; r++) {
		for (let c = 0; c < 7; c++) {
			const dark =
				r === 0 || r === 6 || c === 0 || c === 6 || (r >= 2 && r <= 4 && c >= 2 && c <= 4);
			if (isDark(matrix, top + r, left + c) !== dark) return false;
		}
	}
	return true;
}

describe('qrMatrix', () => {
	const matrix = qrMatrix(LINK);

	it('encodes a typical verification link as version 8, 49 modules a side', () => {
		expect(LINK.length).toBe(139);
		expect(matrix.version).toBe(8);
		expect(matrix.size).toBe(17 + 4 * matrix.version);
		expect(matrix.dark.length).toBe(matrix.size ** 2);
	});

	it('has the three finder patterns, the timing rows and the dark module', () => {
		const { size } = matrix;
		expect([
			hasFinder(matrix, 0, 0),
			hasFinder(matrix, 0, size - 7),
			hasFinder(matrix, size - 7, 0)
		]).toEqual([true, true, true]);
		for (let i = 8; i < size - 8; i++) {
			expect(isDark(matrix, 6, i)).toBe(i % 2 === 0);
			expect(isDark(matrix, i, 6)).toBe(i % 2 === 0);
		}
		expect(isDark(matrix, size - 8, 8)).toBe(true);
	});

	it('carries format information for error correction level M in both copies', () => {
		const [a, b] = formatCopies(matrix);
		expect(a).toBe(b);
		const unmasked = a ^ FORMAT_MASK;
		expect(remainder(unmasked, FORMAT_GENERATOR)).toBe(0);
		expect(unmasked >> 13).toBe(0b00);
	});

	it('carries version information that decodes to its version', () => {
		const [a, b] = versionCopies(matrix);
		expect(a).toBe(b);
		expect(a >> 12).toBe(8);
		expect(remainder(a, VERSION_GENERATOR)).toBe(0);
		const seven = qrMatrix(`https://kiemtra.hanoi.gov.vn/verify/${'x'.repeat(80)}`);
		expect(seven.version).toBe(7);
		expect(versionCopies(seven)[0]).toBe(0x07c94);
	});

	it('is deterministic and changes with the hash', () => {
		expect(qrMatrix(LINK)).toEqual(matrix);
		const other = qrMatrix(LINK.replace(/.$/, '6'));
		expect(other.dark).not.toEqual(matrix.dark);
	});

	it('covers every dark module exactly once with horizontal runs', () => {
		const runs = darkRuns(matrix);
		const covered = new Uint8Array(matrix.size ** 2);
		for (const { row, col, length } of runs) {
			for (let c = col; c < col + length; c++) covered[row * matrix.size + c]! += 1;
		}
		expect(covered).toEqual(matrix.dark);
		expect(runs.length).toBeLessThan(matrix.dark.reduce((sum, bit) => sum + bit, 0));
	});
});
