import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { delegationsOf } from '../auth/access';
import type { TempDatabase } from '../test-db';
import {
	addDelegation,
	addDelegationMember,
	changeDelegation,
	changeMemberRole,
	DelegationChangeSchema,
	MemberChangeSchema,
	removeMember
} from './delegations';
import { seededDatabase, userOf } from './fixtures';
import { overview } from './overview';

let temp: TempDatabase;
beforeEach(async () => (temp = await seededDatabase()));
afterEach(() => temp.remove());

async function demoDelegation() {
	const [delegation] = (await overview(temp.db)).delegations;
	if (!delegation) throw new Error('no demo delegation');
	return delegation;
}

describe('delegations', () => {
	it('allows one head per delegation', async () => {
		const { id } = await addDelegation(temp.db, {
			name: 'Đoàn 2',
			decisionNumber: '1/QĐ',
			decisionDate: '2025-01-02',
			decisionIssuer: 'Chủ tịch'
		});
		const a = await userOf(temp, 'thanhvien1');
		const b = await userOf(temp, 'thanhvien2');
		await addDelegationMember(temp.db, id, { userId: a.id, role: 'truong-doan' });
		await expect(
			addDelegationMember(temp.db, id, { userId: b.id, role: 'truong-doan' })
		).rejects.toMatchObject({ status: 409 });
		await expect(
			addDelegationMember(temp.db, id, { userId: 'nobody', role: 'thanh-vien' })
		).rejects.toMatchObject({ status: 404 });
	});

	it('edits the name and the decision that set the delegation up', async () => {
		const { id } = await demoDelegation();
		await changeDelegation(temp.db, id, {
			decisionNumber: '1300/QĐ-UBND',
			decisionDate: '2025-04-01'
		});
		expect(await demoDelegation()).toMatchObject({
			name: 'Đoàn kiểm tra công tác kiểm soát TTHC năm 2025',
			decisionNumber: '1300/QĐ-UBND',
			decisionDate: '2025-04-01',
			decisionIssuer: 'Chủ tịch Ủy ban nhân dân thành phố Hà Nội'
		});
		// Members read the new decision from their account (login, /api/auth/me).
		const member = await userOf(temp, 'thanhvien1');
		expect((await delegationsOf(temp.db, member))[0]?.decisionNumber).toBe('1300/QĐ-UBND');
		await expect(changeDelegation(temp.db, 'nope', { name: 'X' })).rejects.toMatchObject({
			status: 404
		});
	});

	it('validates a change strictly', () => {
		expect(DelegationChangeSchema.safeParse({}).success).toBe(false);
		expect(DelegationChangeSchema.safeParse({ name: '   ' }).success).toBe(false);
		expect(DelegationChangeSchema.safeParse({ decisionDate: '15/03/2025' }).success).toBe(false);
		expect(DelegationChangeSchema.safeParse({ name: 'A', extra: 1 }).success).toBe(false);
		expect(MemberChangeSchema.safeParse({ role: 'chu-tich' }).success).toBe(false);
	});
});

describe('members', () => {
	it('changes a member role, keeping one head', async () => {
		const { id } = await demoDelegation();
		const secretary = await userOf(temp, 'thuky');
		await changeMemberRole(temp.db, id, secretary.id, 'pho-truong-doan');
		const roles = (await demoDelegation()).members.map((m) => [m.login, m.role]);
		expect(roles).toContainEqual(['thuky', 'pho-truong-doan']);
		await expect(changeMemberRole(temp.db, id, secretary.id, 'truong-doan')).rejects.toMatchObject({
			status: 409,
			body: { error: 'head-exists' }
		});
		// The head may stay head.
		const head = await userOf(temp, 'truongdoan');
		await changeMemberRole(temp.db, id, head.id, 'truong-doan');
		const admin = await userOf(temp, 'admin');
		await expect(changeMemberRole(temp.db, id, admin.id, 'thanh-vien')).rejects.toMatchObject({
			status: 404
		});
	});

	it('removes a member, who then no longer reaches the delegation', async () => {
		const { id } = await demoDelegation();
		const member = await userOf(temp, 'thanhvien2');
		expect(await delegationsOf(temp.db, member)).toHaveLength(1);
		await removeMember(temp.db, id, member.id);
		expect((await demoDelegation()).members.map((m) => m.login)).not.toContain('thanhvien2');
		expect(await delegationsOf(temp.db, member)).toEqual([]);
		await expect(removeMember(temp.db, id, member.id)).rejects.toMatchObject({ status: 404 });
	});
});
