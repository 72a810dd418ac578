/**
 * What a pushed patch may contain, per entity: the fields of the shared domain schemas, each
 * validated (and NFC-normalised) by the same Zod schema the device used. A patch with an unknown
 * field or a bad value is refused whole; nothing of it is applied.
 */
import { z } from 'zod';
import { FindingSchema } from '$lib/domain/finding';
import { InspectionSchema } from '$lib/domain/inspection';
import { PhotoSchema } from '$lib/domain/photo';
import { ResultSchema } from '$lib/domain/template';
import { IdSchema, IsoDateTimeSchema, UuidSchema, nfc } from '$lib/domain/text';
import type { Entity } from '$lib/domain/mutation';
import type { PushMutation } from '$lib/sync/protocol';

type Shape = Record<string, z.ZodType>;

function without<T extends Shape>(shape: T, ...keys: string[]): Shape {
	return Object.fromEntries(Object.entries(shape).filter(([k]) => !keys.includes(k)));
}

const ANSWER: Shape = {
	inspectionId: UuidSchema,
	itemId: IdSchema,
	result: ResultSchema.nullable(),
	value: z.union([z.number().finite(), nfc(4000)]).nullable(),
	note: nfc(4000),
	answeredAt: IsoDateTimeSchema,
	answeredBy: nfc(200),
	deviceId: IdSchema
};

const COUNT = z.number().min(0).max(1e9).nullable();

// Minutes never come this way: push hands them to minutes/accept.ts, which checks them whole.
const SHAPES: Record<Exclude<Entity, 'indicatorValues' | 'minutes'>, Shape> = {
	inspection: {
		...without(InspectionSchema.shape, 'id'),
		delegationId: z.string().min(1).max(100)
	},
	answer: ANSWER,
	finding: without(FindingSchema.shape, 'id'),
	photo: without(PhotoSchema.shape, 'id')
};

function schemaFor(entity: Entity, field: string): z.ZodType | undefined {
	if (entity === 'indicatorValues') {
		if (field.startsWith('counts.') && IdSchema.safeParse(field.slice(7)).success) return COUNT;
		return field === 'updatedAt'
			? IsoDateTimeSchema
			: field === 'inspectionId'
				? UuidSchema
				: undefined;
	}
	if (entity === 'minutes') return undefined;
	// Own fields only: `constructor` or `toString` are valid field names but no schema.
	return Object.hasOwn(SHAPES[entity], field) ? SHAPES[entity][field] : undefined;
}

export type Checked = { ok: true; patch: Record<string, unknown> } | { ok: false; message: string };

/** The patch with every value as the schema outputs it, or the first reason it is refused. */
export function checkPatch(mutation: PushMutation): Checked {
	const patch: Record<string, unknown> = {};
	for (const [field, value] of Object.entries(mutation.patch)) {
		// A new row's patch repeats its id: it must be the row's, and is not a field of its own.
		if (field === 'id') {
			if (value !== mutation.entityId) return { ok: false, message: 'Mã bản ghi không khớp.' };
			continue;
		}
		const schema = schemaFor(mutation.entity, field);
		if (!schema) return { ok: false, message: `Trường không hợp lệ: ${field}` };
		const parsed = schema.safeParse(value);
		if (!parsed.success) return { ok: false, message: `Giá trị không hợp lệ ở trường ${field}` };
		patch[field] = parsed.data;
	}
	return { ok: true, patch };
}

/**
 * Whether the row a mutation names belongs to the inspection it claims: an answer's id starts
 * with its inspection's, indicator values and inspections are keyed by it. Findings and photos
 * are checked against the stored row by the caller.
 */
export function idsAgree(mutation: PushMutation): boolean {
	const claimed = mutation.patch['inspectionId'];
	if (claimed !== undefined && claimed !== mutation.inspectionId) return false;
	switch (mutation.entity) {
		case 'inspection':
		case 'indicatorValues':
			return mutation.entityId === mutation.inspectionId;
		case 'answer':
			return mutation.entityId.startsWith(`${mutation.inspectionId}:`);
		default:
			return UuidSchema.safeParse(mutation.entityId).success;
	}
}
