/**
 * What the city's administrators do on the server: accounts, delegations and their people, and
 * assigning inspections. An assigned inspection is written to the feed exactly as if a device
 * had pushed it, so the delegation's devices receive it at their next pull.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId } from '$lib/domain/ids';
import { InspectionSchema, MemberRoleSchema, type MemberRole } from '$lib/domain/inspection';
import { IdSchema, IsoDateSchema, requiredText, type Localized } from '$lib/domain/text';
import type { Template } from '$lib/domain/template';
import type { Unit } from '$lib/domain/unit';
import { hashPassword } from './auth/password';
import type { AuthUser } from './auth/session';
import { addMember, createDelegation } from './db/delegations';
import { recordChange } from './db/feed';
import { writeFields } from './db/fields';
import { USER_ROLES, type DB } from './db/schema';
import { createUser, findUserByLogin } from './db/users';
import { throwApiError } from './http';

export const NewUserSchema = z.strictObject({
	login: requiredText(100).regex(/^[^\s]+$/, 'Tên đăng nhập không được có khoảng trắng.'),
	displayName: requiredText(200),
	password: z.string().min(10, 'Mật khẩu cần ít nhất 10 ký tự.').max(200),
	role: z.enum(USER_ROLES)
});

export const NewDelegationSchema = z.strictObject({
	name: requiredText(300),
	decisionNumber: requiredText(100),
	decisionDate: IsoDateSchema,
	decisionIssuer: requiredText(300)
});

export const NewMemberSchema = z.strictObject({
	userId: z.string().min(1).max(100),
	role: MemberRoleSchema
});

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

export type Overview = {
	users: { id: string; login: string; displayName: string; role: AuthUser['role'] }[];
	delegations: {
		id: string;
		name: string;
		decisionNumber: string;
		decisionDate: string;
		decisionIssuer: string;
		members: { userId: string; login: string; displayName: string; role: MemberRole }[];
	}[];
	units: { id: string; name: string }[];
	templates: { id: string; version: number; title: Localized }[];
};

export async function overview(db: Kysely<DB>): Promise<Overview> {
	const [users, delegations, members, units, templates] = await Promise.all([
		db
			.selectFrom('users')
			.select(['id', 'login', 'display_name', 'role'])
			.orderBy('login')
			.execute(),
		db
			.selectFrom('delegations')
			.selectAll()
			.orderBy('decision_date', 'desc')
			.orderBy('name')
			.execute(),
		db
			.selectFrom('delegation_members as m')
			.innerJoin('users as u', 'u.id', 'm.user_id')
			.select(['m.delegation_id', 'm.user_id', 'm.role', 'u.login', 'u.display_name'])
			.orderBy('u.login')
			.execute(),
		db.selectFrom('units').selectAll().orderBy('id').execute(),
		db.selectFrom('templates').selectAll().orderBy('id').orderBy('version', 'desc').execute()
	]);
	return {
		users: users.map((u) => ({
			id: u.id,
			login: u.login,
			displayName: u.display_name,
			role: u.role
		})),
		delegations: delegations.map((d) => ({
			id: d.id,
			name: d.name,
			decisionNumber: d.decision_number,
			decisionDate: d.decision_date,
			decisionIssuer: d.decision_issuer,
			members: members
				.filter((m) => m.delegation_id === d.id)
				.map((m) => ({
					userId: m.user_id,
					login: m.login,
					displayName: m.display_name,
					role: m.role
				}))
		})),
		units: units.map((u) => ({ id: u.id, name: (JSON.parse(u.data) as Unit).name })),
		templates: templates.map((t) => ({
			id: t.id,
			version: t.version,
			title: (JSON.parse(t.data) as Template).title
		}))
	};
}

export async function addUser(
	db: Kysely<DB>,
	input: z.output<typeof NewUserSchema>
): Promise<{ id: string }> {
	if (await findUserByLogin(db, input.login)) loginTaken(input.login);
	// Hashing is slow on purpose; outside the transaction it does not hold the database.
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (trx) => {
		if (await findUserByLogin(trx, input.login)) loginTaken(input.login);
		const user = await createUser(trx, { ...input, passwordHash });
		return { id: user.id };
	});
}

function loginTaken(login: string): never {
	throwApiError(409, 'login-taken', `Tên đăng nhập “${login}” đã có người dùng.`);
}

export async function addDelegation(
	db: Kysely<DB>,
	input: z.output<typeof NewDelegationSchema>
): Promise<{ id: string }> {
	const delegation = await createDelegation(db, input);
	return { id: delegation.id };
}

export async function addDelegationMember(
	db: Kysely<DB>,
	delegationId: string,
	input: z.output<typeof NewMemberSchema>
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await delegationOrThrow(trx, delegationId);
		const user = await trx
			.selectFrom('users')
			.select('id')
			.where('id', '=', input.userId)
			.executeTakeFirst();
		if (!user) throwApiError(404, 'not-found', 'Không tìm thấy người dùng này.');
		if (input.role === 'truong-doan') {
			const head = await trx
				.selectFrom('delegation_members')
				.select('user_id')
				.where('delegation_id', '=', delegationId)
				.where('role', '=', 'truong-doan')
				.where('user_id', '!=', input.userId)
				.executeTakeFirst();
			if (head) throwApiError(409, 'head-exists', 'Đoàn kiểm tra này đã có trưởng đoàn.');
		}
		await addMember(trx, delegationId, input.userId, input.role);
	});
}

async function delegationOrThrow(db: Kysely<DB>, id: string) {
	const delegation = await db
		.selectFrom('delegations')
		.select('id')
		.where('id', '=', id)
		.executeTakeFirst();
	if (!delegation) throwApiError(404, 'not-found', 'Không tìm thấy đoàn kiểm tra này.');
}

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
