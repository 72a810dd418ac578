import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InspectionSchema } from '$lib/domain/inspection';
import type { AuthUser } from './auth/session';
import {
	addDelegation,
	addDelegationMember,
	addUser,
	AssignmentSchema,
	assignInspection,
	NewUserSchema,
	overview
} from './admin';
import { findUserByLogin } from './db/users';
import { seedDemoData } from './seed';
import { pull } from './sync/pull';
import { openTempDatabase, type TempDatabase } from './test-db';

let temp: TempDatabase;

beforeEach(async () => {
	temp = await openTempDatabase();
	await seedDemoData(temp.db);
});
afterEach(() => temp.remove());

async function user(login: string): Promise<AuthUser> {
	const row = await findUserByLogin(temp.db, login);
	if (!row) throw new Error(`no user ${login}`);
	return { id: row.id, login: row.login, displayName: row.display_name, role: row.role };
}

async function assignment() {
	const o = await overview(temp.db);
	const [delegation] = o.delegations;
	const [unit] = o.units;
	const [template] = o.templates;
	if (!delegation || !unit || !template) throw new Error('no demo data');
	return {
		delegationId: delegation.id,
		unitId: unit.id,
		templateId: template.id,
		templateVersion: template.version,
		periodFrom: '2025-01-01',
		periodTo: '2025-06-30',
		visitDate: '2025-08-15'
	};
}

describe('admin', () => {
	it('lists users, delegations with members, units and templates', async () => {
		const o = await overview(temp.db);
		expect(o.users.map((u) => u.login)).toContain('admin');
		expect(o.delegations[0]?.members.map((m) => m.role).sort()).toEqual([
			'thanh-vien',
			'thanh-vien',
			'thu-ky',
			'truong-doan'
		]);
		expect(o.units.length).toBeGreaterThan(0);
		expect(o.templates[0]?.title.vi).toBeTruthy();
	});

	it('creates a user once per login', async () => {
		const input = {
			login: 'Moi.Nguoi',
			displayName: 'Người Mới',
			password: 'mat-khau-dai',
			role: 'member' as const
		};
		const { id } = await addUser(temp.db, input);
		expect((await findUserByLogin(temp.db, 'moi.nguoi'))?.id).toBe(id);
		await expect(addUser(temp.db, { ...input, login: 'moi.nguoi' })).rejects.toMatchObject({
			status: 409
		});
	});

	it('allows one head per delegation', async () => {
		const { id } = await addDelegation(temp.db, {
			name: 'Đoàn 2',
			decisionNumber: '1/QĐ',
			decisionDate: '2025-01-02',
			decisionIssuer: 'Chủ tịch'
		});
		const a = await user('thanhvien1');
		const b = await user('thanhvien2');
		await addDelegationMember(temp.db, id, { userId: a.id, role: 'truong-doan' });
		await expect(
			addDelegationMember(temp.db, id, { userId: b.id, role: 'truong-doan' })
		).rejects.toMatchObject({ status: 409 });
		await expect(
			addDelegationMember(temp.db, id, { userId: 'nobody', role: 'thanh-vien' })
		).rejects.toMatchObject({ status: 404 });
	});

	it('assigns an inspection that the delegation members pull as a whole inspection', async () => {
		const admin = await user('admin');
		const { id } = await assignInspection(temp.db, admin, await assignment());
		const member = await user('thanhvien1');
		const page = await pull(temp.db, member, 0, 1000);
		const row = page.changes.find((c) => c.entity === 'inspection' && c.entityId === id);
		if (!row) throw new Error('not pulled');
		const values = Object.fromEntries(Object.entries(row.fields).map(([k, f]) => [k, f.value]));
		const inspection = InspectionSchema.parse({ id, ...values });
		expect(inspection.members).toHaveLength(4);
		expect(inspection.members.filter((m) => m.role === 'truong-doan')).toHaveLength(1);
		expect(inspection.createdBy).toBe(admin.displayName);
		expect(inspection.status).toBe('draft');
	});

	it('refuses to assign to a delegation without a head', async () => {
		const admin = await user('admin');
		const { id } = await addDelegation(temp.db, {
			name: 'Đoàn 3',
			decisionNumber: '2/QĐ',
			decisionDate: '2025-01-02',
			decisionIssuer: 'Chủ tịch'
		});
		await addDelegationMember(temp.db, id, {
			userId: (await user('thanhvien1')).id,
			role: 'thanh-vien'
		});
		await expect(
			assignInspection(temp.db, admin, { ...(await assignment()), delegationId: id })
		).rejects.toMatchObject({ status: 409 });
	});

	it('refuses short passwords and periods that end before they start', async () => {
		const user = { login: 'a', displayName: 'A', password: 'ngan', role: 'member' };
		expect(NewUserSchema.safeParse(user).success).toBe(false);
		const reversed = { ...(await assignment()), periodFrom: '2025-06-30', periodTo: '2025-01-01' };
		expect(AssignmentSchema.safeParse(reversed).success).toBe(false);
		expect(AssignmentSchema.safeParse(await assignment()).success).toBe(true);
	});
});
