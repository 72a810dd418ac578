import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InspectionSchema } from '$lib/domain/inspection';
import { pull } from '../sync/pull';
import type { TempDatabase } from '../test-db';
import { AssignmentSchema, assignInspection } from './assign';
import { addDelegation, addDelegationMember } from './delegations';
import { seededDatabase, userOf } from './fixtures';
import { overview } from './overview';

let temp: TempDatabase;
beforeEach(async () => (temp = await seededDatabase()));
afterEach(() => temp.remove());

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

describe('assigning an inspection', () => {
	it('writes a whole inspection that the delegation members pull', async () => {
		const admin = await userOf(temp, 'admin');
		const { id } = await assignInspection(temp.db, admin, await assignment());
		const member = await userOf(temp, 'thanhvien1');
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

	it('refuses a delegation without a head', async () => {
		const admin = await userOf(temp, 'admin');
		const { id } = await addDelegation(temp.db, {
			name: 'Đoàn 3',
			decisionNumber: '2/QĐ',
			decisionDate: '2025-01-02',
			decisionIssuer: 'Chủ tịch'
		});
		await addDelegationMember(temp.db, id, {
			userId: (await userOf(temp, 'thanhvien1')).id,
			role: 'thanh-vien'
		});
		await expect(
			assignInspection(temp.db, admin, { ...(await assignment()), delegationId: id })
		).rejects.toMatchObject({ status: 409 });
	});

	it('refuses a period that ends before it starts', async () => {
		const reversed = { ...(await assignment()), periodFrom: '2025-06-30', periodTo: '2025-01-01' };
		expect(AssignmentSchema.safeParse(reversed).success).toBe(false);
		expect(AssignmentSchema.safeParse(await assignment()).success).toBe(true);
	});
});
