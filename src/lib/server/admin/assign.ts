/**
 * Assigning an inspection (unit, template, period) to a delegation. The inspection is written to
 * the feed exactly as if a device had pushed it, so the delegation's devices receive it at their
 * next pull.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId } from '$lib/domain/ids';
import { InspectionSchema } from '$lib/domain/inspection';
import { IdSchema, IsoDateSchema } from '$lib/domain/text';
import type { Template } from '$lib/domain/template';
import type { AuthUser } from '../auth/session';
import { recordChange } from '../db/feed';
import { writeFields } from '../db/fields';
import type { DB } from '../db/schema';
import { throwApiError } from '../http';
import { delegationOrThrow } from './delegations';

export const AssignmentSchema = z
	.strictObject({
		delegationId: z.string().min(1).max(100),
		unitId: IdSchema,
		templateId: IdSchema,
		templateVersion: z.int().positive(),
		periodFrom: IsoDateSchema,
		periodTo: IsoDateSchema,
		visitDate: IsoDateSchema
	})
	.refine((a) => a.periodFrom <= a.periodTo, {
		path: ['periodTo'],
		message: 'Thời kỳ kiểm tra phải kết thúc không sớm hơn ngày bắt đầu.'
	});

/** Creates the inspection for the delegation's devices; returns its id. */
export async function assignInspection(
	db: Kysely<DB>,
	admin: AuthUser,
	input: z.output<typeof AssignmentSchema>,
	now = new Date()
): Promise<{ id: string }> {
	return db.transaction().execute(async (trx) => {
		await delegationOrThrow(trx, input.delegationId);
		const unit = await trx
			.selectFrom('units')
			.select('id')
			.where('id', '=', input.unitId)
			.executeTakeFirst();
		if (!unit) throwApiError(404, 'not-found', 'Không tìm thấy đơn vị này.');
		const template = await trx
			.selectFrom('templates')
			.select('data')
			.where('id', '=', input.templateId)
			.where('version', '=', input.templateVersion)
			.executeTakeFirst();
		if (!template) throwApiError(404, 'not-found', 'Không tìm thấy mẫu kiểm tra này.');
		const { indicatorSetId } = JSON.parse(template.data) as Template;
		const indicatorSet = await trx
			.selectFrom('indicator_sets')
			.select('version')
			.where('id', '=', indicatorSetId)
			.orderBy('version', 'desc')
			.executeTakeFirst();
		if (!indicatorSet) throwApiError(404, 'not-found', 'Không tìm thấy bộ chỉ tiêu của mẫu này.');

		const people = await trx
			.selectFrom('delegation_members as m')
			.innerJoin('users as u', 'u.id', 'm.user_id')
			.select(['u.display_name', 'm.role'])
			.where('m.delegation_id', '=', input.delegationId)
			.orderBy('u.login')
			.execute();
		if (people.filter((p) => p.role === 'truong-doan').length !== 1) {
			throwApiError(
				409,
				'no-head',
				'Đoàn kiểm tra cần có đúng một trưởng đoàn trước khi giao cuộc kiểm tra.'
			);
		}
		const at = now.toISOString();
		const parsed = InspectionSchema.safeParse({
			id: newId(),
			templateId: input.templateId,
			templateVersion: input.templateVersion,
			indicatorSetId,
			indicatorSetVersion: indicatorSet.version,
			unitId: input.unitId,
			periodFrom: input.periodFrom,
			periodTo: input.periodTo,
			visitDate: input.visitDate,
			members: people.map((p, i) => ({
				id: `m${i + 1}`,
				name: p.display_name,
				role: p.role,
				position: ''
			})),
			status: 'draft',
			createdAt: at,
			updatedAt: at,
			createdBy: admin.displayName,
			deviceId: 'server'
		});
		if (!parsed.success) {
			throwApiError(
				400,
				'invalid',
				'Cuộc kiểm tra không hợp lệ.',
				parsed.error.issues.map((issue) => ({
					path: issue.path.map(String).join('.'),
					message: issue.message
				}))
			);
		}
		const { id, ...fields } = parsed.data;
		await trx
			.insertInto('inspections_index')
			.values({ inspection_id: id, delegation_id: input.delegationId, signed_at: null })
			.execute();
		const version = await recordChange(trx, {
			entity: 'inspection',
			entityId: id,
			inspectionId: id
		});
		const stamp = (value: unknown) => ({ value, version, by: admin.id, deviceId: 'server', at });
		await writeFields(
			trx,
			'inspection',
			id,
			Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, stamp(value)]))
		);
		return { id };
	});
}
