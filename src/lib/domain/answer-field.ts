import { z } from 'zod';
import { ResultSchema } from './template';
import { IdSchema, IsoDateTimeSchema, UuidSchema, nfc } from './text';

/**
 * What a device stores for an answer: one row per field (result, value, note), each with who set
 * it, when and on which device. A tap writes its one field without reading the others, two
 * people editing different fields of one item never overwrite each other, and the server merges
 * per field. `foldAnswers` turns the rows back into answers.
 */
export const AnswerFieldNameSchema = z.enum(['result', 'value', 'note']);
export type AnswerFieldName = z.infer<typeof AnswerFieldNameSchema>;

const base = {
	/** `${inspectionId}:${itemId}:${field}` (see answerFieldKey) */
	key: z.string().min(1).max(220),
	inspectionId: UuidSchema,
	itemId: IdSchema,
	at: IsoDateTimeSchema,
	by: nfc(200),
	deviceId: IdSchema
};

export const AnswerFieldSchema = z.discriminatedUnion('field', [
	z.strictObject({ ...base, field: z.literal('result'), value: ResultSchema.nullable() }),
	z.strictObject({
		...base,
		field: z.literal('value'),
		value: z.union([z.number(), nfc(4000)]).nullable()
	}),
	z.strictObject({ ...base, field: z.literal('note'), value: nfc(4000) })
]);
export type AnswerField = z.infer<typeof AnswerFieldSchema>;
