import { z } from 'zod';
import { IsoDateTimeSchema, UuidSchema } from './text';

/** The tables whose rows travel to the server. Signed minutes are written once, never merged. */
export const EntitySchema = z.enum([
	'inspection',
	'answer',
	'finding',
	'indicatorValues',
	'photo',
	'minutes'
]);
export type Entity = z.infer<typeof EntitySchema>;

/**
 * One local change waiting for the server. `patch` holds only the fields this change set, so the
 * server can merge per field; `mutationId` makes a replayed push harmless.
 */
export const MutationSchema = z.strictObject({
	mutationId: UuidSchema,
	entity: EntitySchema,
	entityId: z.string().min(1).max(200),
	op: z.enum(['upsert', 'delete']),
	patch: z.record(z.string(), z.unknown()),
	at: IsoDateTimeSchema
});
export type Mutation = z.infer<typeof MutationSchema>;
