import { z } from 'zod';
import { IdSchema, IsoDateSchema, LocalizedSchema, nfc, requiredText } from './text';

/**
 * Legal instruments are versioned data: each has a validity window, and an item cites the one in
 * force on the inspection date. Inspection periods often straddle 01/7/2025, when NĐ 118/2025
 * replaced NĐ 61/2018, so both stay in the catalogue.
 */
export const LegalInstrumentSchema = z.strictObject({
	id: IdSchema,
	code: requiredText(100),
	title: LocalizedSchema,
	issuedOn: IsoDateSchema,
	validFrom: IsoDateSchema,
	validTo: IsoDateSchema.nullable(),
	note: nfc(500).optional()
});
export type LegalInstrument = z.infer<typeof LegalInstrumentSchema>;

export const LegalCatalogSchema = z.strictObject({
	id: IdSchema,
	version: z.int().positive(),
	publishedOn: IsoDateSchema,
	instruments: z.array(LegalInstrumentSchema).min(1)
});
export type LegalCatalog = z.infer<typeof LegalCatalogSchema>;

/** A citation from a checklist item: an instrument and, where known, the article. */
export const LegalRefSchema = z.strictObject({
	instrumentId: IdSchema,
	article: nfc(200).optional()
});
export type LegalRef = z.infer<typeof LegalRefSchema>;

export function isInForce(instrument: LegalInstrument, onDate: string): boolean {
	return (
		instrument.validFrom <= onDate && (instrument.validTo === null || onDate <= instrument.validTo)
	);
}

/** Citations in force on a date; when none is (an item whose only basis is newer), all are kept. */
export function refsInForce(
	refs: LegalRef[],
	catalog: LegalCatalog,
	onDate: string
): { ref: LegalRef; instrument: LegalInstrument }[] {
	const byId = new Map(catalog.instruments.map((i) => [i.id, i]));
	const resolved = refs.flatMap((ref) => {
		const instrument = byId.get(ref.instrumentId);
		return instrument ? [{ ref, instrument }] : [];
	});
	const current = resolved.filter((r) => isInForce(r.instrument, onDate));
	return current.length > 0 ? current : resolved;
}

export function formatCitation(ref: LegalRef, instrument: LegalInstrument): string {
	return ref.article ? `${ref.article} ${instrument.code}` : instrument.code;
}
