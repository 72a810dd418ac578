import { describe, expect, it } from 'vitest';
import { FindingSchema } from './finding';
import { makeFinding } from './test-factories';

describe('FindingSchema', () => {
	it('accepts a finding tied to an item', () => {
		const f = makeFinding();
		expect(FindingSchema.parse(f)).toEqual(f);
	});

	it('accepts a free-standing finding without a deadline', () => {
		const f = makeFinding({ itemId: null, deadline: null, legalBasis: '', requiredAction: '' });
		expect(FindingSchema.parse(f)).toEqual(f);
	});

	it('rejects unknown fields', () => {
		expect(FindingSchema.safeParse({ ...makeFinding(), photoIds: [] }).success).toBe(false);
	});

	it('rejects an empty description', () => {
		expect(FindingSchema.safeParse(makeFinding({ description: '' })).success).toBe(false);
		expect(FindingSchema.safeParse(makeFinding({ description: ' \n ' })).success).toBe(false);
	});

	it('rejects wrong types', () => {
		expect(FindingSchema.safeParse({ ...makeFinding(), severity: 'critical' }).success).toBe(false);
		expect(FindingSchema.safeParse({ ...makeFinding(), itemId: 7 }).success).toBe(false);
		expect(FindingSchema.safeParse({ ...makeFinding(), id: 'finding-1' }).success).toBe(false);
		expect(FindingSchema.safeParse({ ...makeFinding(), deadline: undefined }).success).toBe(false);
	});

	it('rejects bad ISO dates', () => {
		expect(FindingSchema.safeParse(makeFinding({ deadline: '2025-09-31' })).success).toBe(false);
		expect(FindingSchema.safeParse(makeFinding({ updatedAt: 'yesterday' })).success).toBe(false);
	});

	it('normalises text to NFC and keeps markup as text', () => {
		const description = 'Chưa niêm yết <b>3</b> thủ tục <script>alert(1)</script>';
		const out = FindingSchema.parse(
			makeFinding({ description: ` ${description.normalize('NFD')} ` })
		);
		expect(out.description).toBe(description);
	});
});
