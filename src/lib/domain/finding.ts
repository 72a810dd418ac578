import { z } from 'zod';
import { IdSchema, IsoDateSchema, IsoDateTimeSchema, UuidSchema, nfc, requiredText } from './text';

export const SeveritySchema = z.enum(['low', 'medium', 'high']);
export type Severity = z.infer<typeof SeveritySchema>;

/** A shortcoming found on site: from a failed item (itemId set) or free-standing. */
export const FindingSchema = z.strictObject({
	id: UuidSchema,
	inspectionId: UuidSchema,
	itemId: IdSchema.nullable(),
	description: requiredText(4000),
	severity: SeveritySchema,
	legalBasis: nfc(1000),
	requiredAction: nfc(2000),
	responsibleParty: nfc(300),
	deadline: IsoDateSchema.nullable(),
	createdAt: IsoDateTimeSchema,
	updatedAt: IsoDateTimeSchema
});
export type Finding = z.infer<typeof FindingSchema>;
