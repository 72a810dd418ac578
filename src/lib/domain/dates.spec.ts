import { describe, expect, it } from 'vitest';
import { isIsoDate } from './dates';
import { IsoDateSchema } from './text';

describe('isIsoDate', () => {
	it('accepts real dates, leap days included', () => {
		for (const d of ['2025-01-01', '2024-02-29', '2026-12-31']) expect(isIsoDate(d)).toBe(true);
	});

	it('rejects impossible dates and other shapes', () => {
		for (const d of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-1-1', '01/02/2025', '']) {
			expect(isIsoDate(d)).toBe(false);
		}
	});

	it('agrees with the schema used at the storage boundary', () => {
		for (const d of ['2024-02-29', '2025-02-29', '2025-04-31', '2025-04-30', 'x']) {
			expect(isIsoDate(d)).toBe(IsoDateSchema.safeParse(d).success);
		}
	});
});
