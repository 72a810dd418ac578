import { z } from 'zod';
import { IdSchema, IsoDateSchema, IsoDateTimeSchema, UuidSchema, nfc, requiredText } from './text';

export const MemberRoleSchema = z.enum(['truong-doan', 'pho-truong-doan', 'thanh-vien', 'thu-ky']);
export type MemberRole = z.infer<typeof MemberRoleSchema>;

export const MemberSchema = z.strictObject({
	id: IdSchema,
	name: requiredText(200),
	role: MemberRoleSchema,
	position: nfc(300).default('')
});
export type Member = z.infer<typeof MemberSchema>;

export const InspectionStatusSchema = z.enum(['draft', 'in-progress', 'completed']);
export type InspectionStatus = z.infer<typeof InspectionStatusSchema>;

export const InspectionSchema = z
	.strictObject({
		id: UuidSchema,
		templateId: IdSchema,
		/** Frozen at creation: the checklist never changes under a running inspection. */
		templateVersion: z.int().positive(),
		indicatorSetId: IdSchema,
		indicatorSetVersion: z.int().positive(),
		unitId: IdSchema,
		periodFrom: IsoDateSchema,
		periodTo: IsoDateSchema,
		visitDate: IsoDateSchema,
		members: z.array(MemberSchema).min(1).max(30),
		status: InspectionStatusSchema,
		createdAt: IsoDateTimeSchema,
		updatedAt: IsoDateTimeSchema,
		createdBy: nfc(200),
		deviceId: IdSchema,
		/** The delegation it belongs to on the server; needed only when the author has several. */
		delegationId: IdSchema.optional()
	})
	.superRefine((i, ctx) => {
		if (i.periodFrom > i.periodTo) {
			ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'period-order' });
		}
		if (!i.members.some((m) => m.role === 'truong-doan')) {
			ctx.addIssue({ code: 'custom', path: ['members'], message: 'no-head' });
		}
		if (i.members.filter((m) => m.role === 'truong-doan').length > 1) {
			ctx.addIssue({ code: 'custom', path: ['members'], message: 'two-heads' });
		}
	});
export type Inspection = z.infer<typeof InspectionSchema>;

const NEXT: Record<InspectionStatus, InspectionStatus[]> = {
	draft: ['in-progress'],
	'in-progress': ['completed'],
	completed: ['in-progress']
};

export function canMoveTo(from: InspectionStatus, to: InspectionStatus): boolean {
	return NEXT[from].includes(to);
}

export function isDateInPeriod(
	date: string,
	inspection: Pick<Inspection, 'periodFrom' | 'periodTo'>
) {
	return inspection.periodFrom <= date && date <= inspection.periodTo;
}
