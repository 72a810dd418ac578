import { z } from 'zod';
import { IdSchema, IsoDateSchema, nfc, requiredText } from './text';

/**
 * What a delegation inspects. After the 2025 reorganisation the desk may belong to the ward
 * (UBND, or its Trung tâm PVHCC cấp xã) or to a city centre serving one or more wards through
 * an Điểm / Chi nhánh. District and city entries exist only as parents.
 */
export const UnitKindSchema = z.enum([
	'city',
	'district',
	'ubnd-phuong',
	'ubnd-xa',
	'ttpvhcc-xa',
	'ttpvhcc-tp',
	'diem-pvhcc',
	'chi-nhanh-pvhcc'
]);
export type UnitKind = z.infer<typeof UnitKindSchema>;

export const INSPECTABLE_KINDS: readonly UnitKind[] = [
	'ubnd-phuong',
	'ubnd-xa',
	'ttpvhcc-xa',
	'diem-pvhcc',
	'chi-nhanh-pvhcc'
];

export const UnitSchema = z.strictObject({
	id: IdSchema,
	kind: UnitKindSchema,
	name: requiredText(300),
	address: nfc(500),
	parentId: IdSchema.nullable(),
	/** Wards whose procedures this desk handles (the one-level city-centre model). */
	servesUnitIds: z.array(IdSchema).default([]),
	validFrom: IsoDateSchema.optional(),
	validTo: IsoDateSchema.nullable().optional(),
	isDemo: z.boolean().default(false)
});
export type Unit = z.infer<typeof UnitSchema>;

export const UnitDirectorySchema = z.strictObject({
	id: IdSchema,
	version: z.int().positive(),
	label: requiredText(300),
	units: z.array(UnitSchema).min(1)
});
export type UnitDirectory = z.infer<typeof UnitDirectorySchema>;

export function isInspectable(unit: Unit): boolean {
	return INSPECTABLE_KINDS.includes(unit.kind);
}
