import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, UuidSchema } from './text';

/** The counts a delegation recorded for one inspection, one row per inspection. */
export const IndicatorValuesSchema = z.strictObject({
	inspectionId: UuidSchema,
	counts: z.record(IdSchema, z.number().min(0).max(1e9).nullable()),
	updatedAt: IsoDateTimeSchema
});
export type IndicatorValues = z.infer<typeof IndicatorValuesSchema>;
