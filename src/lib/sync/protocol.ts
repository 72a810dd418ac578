/**
 * The sync wire format, shared by the browser and the server (docs/SYNC.md). Every request and
 * response body is parsed with these schemas on the side that receives it.
 */
import { z } from 'zod';
import { EntitySchema } from '$lib/domain/mutation';
import { IdSchema, IsoDateTimeSchema, UuidSchema } from '$lib/domain/text';
import { PublicKeyJwkSchema } from './minutes-wire';

export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PULL_LIMIT = 1000;
export const DEFAULT_PULL_LIMIT = 500;
/** A field name inside a patch: `status`, `note`, `counts.received`… */
export const FieldNameSchema = z.string().regex(/^[A-Za-z][\w.-]{0,99}$/);

/**
 * Fields that say who wrote a change and when, or which row it belongs to. They travel with a
 * patch for the record but are not data that two devices can disagree on.
 */
export const ATTRIBUTION_FIELDS: ReadonlySet<string> = new Set([
	'inspectionId',
	'itemId',
	'answeredAt',
	'answeredBy',
	'deviceId',
	'updatedAt',
	'createdAt',
	'createdBy',
	'by'
]);

export const PushMutationSchema = z.strictObject({
	mutationId: UuidSchema,
	entity: EntitySchema,
	entityId: z.string().min(1).max(200),
	inspectionId: UuidSchema,
	op: z.enum(['upsert', 'delete']),
	patch: z.record(FieldNameSchema, z.unknown()),
	at: IsoDateTimeSchema,
	/** Per patched field, the server version the device last saw for it; 0 or absent: never saw one. */
	base: z.record(FieldNameSchema, z.int().nonnegative()).default({})
});
export type PushMutation = z.infer<typeof PushMutationSchema>;

export const PushRequestSchema = z.strictObject({
	deviceId: IdSchema,
	mutations: z.array(PushMutationSchema).min(1).max(MAX_PUSH_MUTATIONS)
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const RejectReasonSchema = z.enum(['forbidden', 'signed', 'invalid', 'not-found']);
export type RejectReason = z.infer<typeof RejectReasonSchema>;

export const MutationResultSchema = z.discriminatedUnion('status', [
	z.strictObject({
		mutationId: UuidSchema,
		status: z.enum(['applied', 'duplicate', 'conflict']),
		version: z.int().nonnegative()
	}),
	z.strictObject({
		mutationId: UuidSchema,
		status: z.literal('rejected'),
		reason: RejectReasonSchema,
		message: z.string().max(500)
	})
]);
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.strictObject({
	results: z.array(MutationResultSchema)
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** One field as the server holds it: the value and who set it, at which version. */
export const FieldStateSchema = z.strictObject({
	value: z.unknown(),
	version: z.int().positive(),
	by: z.string().max(200),
	deviceId: z.string().max(100),
	at: IsoDateTimeSchema
});
export type FieldState = z.infer<typeof FieldStateSchema>;

export const ChangeSchema = z.strictObject({
	version: z.int().positive(),
	entity: z.union([EntitySchema, z.enum(['template', 'indicatorSet', 'unit', 'conflict'])]),
	entityId: z.string().min(1).max(200),
	inspectionId: UuidSchema.nullable(),
	deleted: z.boolean(),
	/** The row's fields with their versions; empty for a tombstone. */
	fields: z.record(FieldNameSchema, FieldStateSchema)
});
export type Change = z.infer<typeof ChangeSchema>;

export const PullQuerySchema = z.strictObject({
	cursor: z.coerce.number().int().nonnegative().default(0),
	limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT)
});

export const PullResponseSchema = z.strictObject({
	changes: z.array(ChangeSchema),
	cursor: z.int().nonnegative(),
	more: z.boolean()
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** Every error body the API sends: a code for programs and a sentence for people. */
export const ApiErrorSchema = z.strictObject({
	error: z.string().max(100),
	message: z.string().max(1000),
	issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional()
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const AccountSchema = z.object({
	user: z.object({
		id: z.string(),
		login: z.string(),
		displayName: z.string(),
		role: z.enum(['admin', 'lead', 'member', 'viewer'])
	}),
	delegations: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			role: z.string().nullable().optional(),
			/** The minutes' letterhead; absent from older servers, and when it cannot be told. */
			governingBody: z.string().optional(),
			/** The decision setting the delegation up, cited as the minutes' first ground. */
			decision: z
				.object({ number: z.string(), date: z.string().nullable(), issuer: z.string() })
				.optional()
		})
	)
});
export type Account = z.infer<typeof AccountSchema>;

export const LoginRequestSchema = z.strictObject({
	login: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(200),
	deviceId: IdSchema,
	/** This device's key for sealing minutes, registered with the session's device. */
	publicKeyJwk: PublicKeyJwkSchema.optional()
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;
