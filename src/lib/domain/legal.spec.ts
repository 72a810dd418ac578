import { describe, expect, it } from 'vitest';
import {
	LegalCatalogSchema,
	LegalInstrumentSchema,
	LegalRefSchema,
	formatCitation,
	isInForce,
	refsInForce,
	type LegalRef
} from './legal';
import { makeCatalog, makeInstrument } from './test-factories';

const catalog = makeCatalog();
const nd61 = catalog.instruments.find((i) => i.id === 'nd-61-2018')!;
const nd118 = catalog.instruments.find((i) => i.id === 'nd-118-2025')!;

describe('LegalInstrumentSchema', () => {
	it('accepts a valid instrument, open-ended or closed', () => {
		expect(LegalInstrumentSchema.parse(nd118)).toEqual(nd118);
		expect(LegalInstrumentSchema.parse(nd61)).toEqual(nd61);
	});

	it('normalises the code to NFC', () => {
		const code = '118/2025/NĐ-CP';
		const out = LegalInstrumentSchema.parse(makeInstrument({ code: ` ${code.normalize('NFD')} ` }));
		expect(out.code).toBe(code);
	});

	it('rejects unknown fields, bad dates and a missing validTo', () => {
		expect(LegalInstrumentSchema.safeParse({ ...nd118, extra: 1 }).success).toBe(false);
		expect(LegalInstrumentSchema.safeParse({ ...nd118, validFrom: '2025-02-30' }).success).toBe(
			false
		);
		expect(LegalInstrumentSchema.safeParse({ ...nd118, issuedOn: '09/06/2025' }).success).toBe(
			false
		);
		const noValidTo: Partial<typeof nd118> = { ...nd118 };
		delete noValidTo.validTo;
		expect(LegalInstrumentSchema.safeParse(noValidTo).success).toBe(false);
	});

	it('rejects an empty code', () => {
		expect(LegalInstrumentSchema.safeParse({ ...nd118, code: ' ' }).success).toBe(false);
	});
});

describe('LegalCatalogSchema', () => {
	it('accepts the fixture catalogue', () => {
		expect(LegalCatalogSchema.parse(catalog)).toEqual(catalog);
	});

	it('rejects an empty catalogue, a non-positive or fractional version', () => {
		expect(LegalCatalogSchema.safeParse({ ...catalog, instruments: [] }).success).toBe(false);
		expect(LegalCatalogSchema.safeParse({ ...catalog, version: 0 }).success).toBe(false);
		expect(LegalCatalogSchema.safeParse({ ...catalog, version: 1.5 }).success).toBe(false);
	});
});

describe('LegalRefSchema', () => {
	it('accepts a reference with or without an article', () => {
		expect(LegalRefSchema.parse({ instrumentId: 'nd-118-2025' })).toEqual({
			instrumentId: 'nd-118-2025'
		});
		expect(LegalRefSchema.parse({ instrumentId: 'nd-118-2025', article: ' Điều 5 ' })).toEqual({
			instrumentId: 'nd-118-2025',
			article: 'Điều 5'
		});
	});

	it('rejects unknown fields and a bad id', () => {
		expect(LegalRefSchema.safeParse({ instrumentId: 'x', clause: 'a' }).success).toBe(false);
		expect(LegalRefSchema.safeParse({ instrumentId: 'NĐ 118' }).success).toBe(false);
	});
});

describe('isInForce', () => {
	it('includes both ends of a closed window', () => {
		expect(isInForce(nd61, '2018-06-20')).toBe(false);
		expect(isInForce(nd61, '2018-06-21')).toBe(true);
		expect(isInForce(nd61, '2025-06-30')).toBe(true);
		expect(isInForce(nd61, '2025-07-01')).toBe(false);
	});

	it('treats a null validTo as still in force', () => {
		expect(isInForce(nd118, '2025-06-30')).toBe(false);
		expect(isInForce(nd118, '2025-07-01')).toBe(true);
		expect(isInForce(nd118, '2099-12-31')).toBe(true);
	});

	it('handles a one-day window', () => {
		const oneDay = makeInstrument({ validFrom: '2025-01-01', validTo: '2025-01-01' });
		expect(isInForce(oneDay, '2025-01-01')).toBe(true);
		expect(isInForce(oneDay, '2024-12-31')).toBe(false);
		expect(isInForce(oneDay, '2025-01-02')).toBe(false);
	});
});

describe('refsInForce', () => {
	const refs: LegalRef[] = [
		{ instrumentId: 'nd-61-2018', article: 'Điều 7' },
		{ instrumentId: 'nd-118-2025', article: 'Điều 5' }
	];

	it('cites NĐ 61/2018 before 01/7/2025', () => {
		const out = refsInForce(refs, catalog, '2025-06-30');
		expect(out).toEqual([{ ref: refs[0], instrument: nd61 }]);
	});

	it('cites NĐ 118/2025 from 01/7/2025', () => {
		expect(refsInForce(refs, catalog, '2025-07-01')).toEqual([{ ref: refs[1], instrument: nd118 }]);
		expect(refsInForce(refs, catalog, '2026-03-15')).toEqual([{ ref: refs[1], instrument: nd118 }]);
	});

	it('keeps every resolvable ref when none is in force', () => {
		const out = refsInForce(refs, catalog, '2017-01-01');
		expect(out.map((r) => r.instrument.id)).toEqual(['nd-61-2018', 'nd-118-2025']);
	});

	it('keeps a newer-only basis on an older date', () => {
		const out = refsInForce([refs[1]!], catalog, '2025-03-01');
		expect(out).toEqual([{ ref: refs[1], instrument: nd118 }]);
	});

	it('drops refs to instruments missing from the catalogue', () => {
		const out = refsInForce([{ instrumentId: 'unknown' }, ...refs], catalog, '2025-08-01');
		expect(out.map((r) => r.instrument.id)).toEqual(['nd-118-2025']);
		expect(refsInForce([{ instrumentId: 'unknown' }], catalog, '2025-08-01')).toEqual([]);
	});

	it('returns several refs when several are in force', () => {
		const both: LegalRef[] = [
			{ instrumentId: 'nd-118-2025', article: 'Điều 5' },
			{ instrumentId: 'nd-118-2025', article: 'Điều 9' }
		];
		expect(refsInForce(both, catalog, '2025-08-01')).toHaveLength(2);
	});
});

describe('formatCitation', () => {
	it('puts the article before the code', () => {
		expect(formatCitation({ instrumentId: 'nd-118-2025', article: 'Điều 5' }, nd118)).toBe(
			'Điều 5 118/2025/NĐ-CP'
		);
	});

	it('gives the bare code without an article', () => {
		expect(formatCitation({ instrumentId: 'nd-118-2025' }, nd118)).toBe('118/2025/NĐ-CP');
		expect(formatCitation({ instrumentId: 'nd-118-2025', article: '' }, nd118)).toBe(
			'118/2025/NĐ-CP'
		);
	});
});
