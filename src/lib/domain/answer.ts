import { z } from 'zod';
import { ResultSchema } from './template';
import { IdSchema, IsoDateTimeSchema, UuidSchema, nfc } from './text';

export const AnswerSchema = z.strictObject({
	/** `${inspectionId}:${itemId}` (see answerId) */
	id: z.string().min(1).max(200),
	inspectionId: UuidSchema,
	itemId: IdSchema,
	result: ResultSchema.nullable(),
	value: z.union([z.number(), nfc(4000)]).nullable(),
	note: nfc(4000),
	answeredAt: IsoDateTimeSchema,
	answeredBy: nfc(200),
	deviceId: IdSchema
});
export type Answer = z.infer<typeof AnswerSchema>;

export { isAnswered, valueError, type ValueError } from './answer-rules';
