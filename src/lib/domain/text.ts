import { z } from 'zod';

/**
 * Every string that reaches storage, the wire or a PDF goes through here: NFC, so that "ộ" typed
 * on an iPhone (often NFD) and on Windows (NFC) compare, hash and index the same.
 */
export const nfc = (max = 2000) => z.string().normalize('NFC').trim().max(max);

export const requiredText = (max = 2000) => nfc(max).min(1);

/** A label shown to people, Vietnamese first; English falls back to Vietnamese when missing. */
export const LocalizedSchema = z.strictObject({ vi: requiredText(1000), en: nfc(1000).optional() });
export type Localized = z.infer<typeof LocalizedSchema>;

export type Locale = 'vi' | 'en';

export function localize(text: Localized, locale: Locale): string {
	return (locale === 'en' && text.en) || text.vi;
}

export const IsoDateSchema = z.iso.date();
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export const IdSchema = z
	.string()
	.min(1)
	.max(100)
	.regex(/^[A-Za-z0-9._:-]+$/, 'id may only hold letters, digits and . _ : -');
export const UuidSchema = z.uuid();
