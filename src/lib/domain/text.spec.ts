import { describe, expect, it } from 'vitest';
import {
	IdSchema,
	IsoDateSchema,
	IsoDateTimeSchema,
	LocalizedSchema,
	UuidSchema,
	localize,
	nfc,
	requiredText
} from './text';

const NFD = 'Kiểm tra'.normalize('NFD');

describe('nfc', () => {
	it('turns NFD input into NFC and trims it', () => {
		expect(NFD).not.toBe('Kiểm tra');
		const out = nfc().parse(`  ${NFD}\n\t`);
		expect(out).toBe('Kiểm tra');
		expect(out.normalize('NFC')).toBe(out);
	});

	it('measures the maximum length after normalising and trimming', () => {
		expect(NFD.length).toBeGreaterThan(8);
		expect(nfc(8).parse(NFD)).toBe('Kiểm tra');
		expect(nfc(8).parse('  Kiểm tra  ')).toBe('Kiểm tra');
		expect(nfc(7).safeParse('Kiểm tra').success).toBe(false);
	});

	it('accepts the empty string', () => {
		expect(nfc().parse('')).toBe('');
		expect(nfc().parse('   ')).toBe('');
	});

	it('keeps markup verbatim, as text', () => {
		const s = '<script>alert(1)</script> & <b>đậm</b>';
		expect(nfc().parse(s)).toBe(s);
	});

	it('rejects non-strings', () => {
		expect(nfc().safeParse(42).success).toBe(false);
		expect(nfc().safeParse(null).success).toBe(false);
		expect(nfc().safeParse(undefined).success).toBe(false);
	});
});

describe('requiredText', () => {
	it('rejects empty and whitespace-only text', () => {
		expect(requiredText().safeParse('').success).toBe(false);
		expect(requiredText().safeParse(' \n\t ').success).toBe(false);
	});

	it('accepts and normalises real text', () => {
		expect(requiredText().parse(` ${NFD} `)).toBe('Kiểm tra');
	});

	it('enforces its maximum', () => {
		expect(requiredText(3).safeParse('abcd').success).toBe(false);
		expect(requiredText(3).parse('abc')).toBe('abc');
	});
});

describe('LocalizedSchema', () => {
	it('needs Vietnamese, English is optional', () => {
		expect(LocalizedSchema.parse({ vi: 'Đạt' })).toEqual({ vi: 'Đạt' });
		expect(LocalizedSchema.parse({ vi: 'Đạt', en: 'Pass' })).toEqual({ vi: 'Đạt', en: 'Pass' });
		expect(LocalizedSchema.safeParse({ en: 'Pass' }).success).toBe(false);
		expect(LocalizedSchema.safeParse({ vi: '  ' }).success).toBe(false);
	});

	it('rejects unknown fields', () => {
		expect(LocalizedSchema.safeParse({ vi: 'Đạt', fr: 'Réussi' }).success).toBe(false);
	});

	it('normalises both languages', () => {
		const out = LocalizedSchema.parse({ vi: NFD, en: ' Inspection ' });
		expect(out).toEqual({ vi: 'Kiểm tra', en: 'Inspection' });
	});
});

describe('localize', () => {
	it('picks the requested language and falls back to Vietnamese', () => {
		expect(localize({ vi: 'Đạt', en: 'Pass' }, 'vi')).toBe('Đạt');
		expect(localize({ vi: 'Đạt', en: 'Pass' }, 'en')).toBe('Pass');
		expect(localize({ vi: 'Đạt' }, 'en')).toBe('Đạt');
		expect(localize({ vi: 'Đạt', en: '' }, 'en')).toBe('Đạt');
	});
});

describe('IsoDateSchema', () => {
	it.each(['2025-07-01', '2024-02-29', '2025-12-31'])('accepts %s', (d) => {
		expect(IsoDateSchema.parse(d)).toBe(d);
	});

	it.each([
		'2025-02-29',
		'2025-02-30',
		'2025-13-01',
		'2025-7-1',
		'01/07/2025',
		'2025-07-01T00:00:00Z',
		''
	])('rejects %j', (d) => {
		expect(IsoDateSchema.safeParse(d).success).toBe(false);
	});
});

describe('IsoDateTimeSchema', () => {
	it('accepts UTC and offset timestamps', () => {
		expect(IsoDateTimeSchema.safeParse('2025-07-01T08:00:00Z').success).toBe(true);
		expect(IsoDateTimeSchema.safeParse('2025-07-01T08:00:00.123Z').success).toBe(true);
		expect(IsoDateTimeSchema.safeParse('2025-07-01T08:00:00+07:00').success).toBe(true);
	});

	it('rejects local times without a zone, dates and junk', () => {
		expect(IsoDateTimeSchema.safeParse('2025-07-01T08:00:00').success).toBe(false);
		expect(IsoDateTimeSchema.safeParse('2025-07-01').success).toBe(false);
		expect(IsoDateTimeSchema.safeParse('hôm qua').success).toBe(false);
	});
});

describe('IdSchema', () => {
	it.each(['item-1', 'nd_118.2025', 'a:b', 'X'])('accepts %s', (id) => {
		expect(IdSchema.parse(id)).toBe(id);
	});

	it.each(['', 'có dấu', 'a b', 'a/b', '<x>', 'x'.repeat(101)])('rejects %j', (id) => {
		expect(IdSchema.safeParse(id).success).toBe(false);
	});
});

describe('UuidSchema', () => {
	it('accepts a generated UUID and rejects anything else', () => {
		expect(UuidSchema.safeParse(crypto.randomUUID()).success).toBe(true);
		expect(UuidSchema.safeParse('not-a-uuid').success).toBe(false);
		expect(UuidSchema.safeParse('').success).toBe(false);
	});
});
