import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, createDelegation } from '../db/delegations';
import type { UserRole } from '../db/schema';
import { createUser } from '../db/users';
import { openTempDatabase, type TempDatabase } from '../test-db';
import { canReadInspection, canWriteDelegation, canWriteInspection, delegationsOf } from './access';

const INSPECTION_A = '6f1c8a52-8a43-4c5e-9a41-6a1d7c3e2b10';
const UNREGISTERED = '0b6a2c1e-51d4-4f7e-8a1d-2f9e3c4b5a60';

let temp: TempDatabase;
const people: Record<string, { id: string; role: UserRole }> = {};
let delegationA: string;
let delegationB: string;

beforeAll(async () => {
	temp = await openTempDatabase();
	const { db } = temp;
	const decision = { decisionDate: '2025-03-15', decisionIssuer: 'Chủ tịch UBND' };
	delegationA = (await createDelegation(db, { name: 'A', decisionNumber: '1/QĐ', ...decision })).id;
	delegationB = (await createDelegation(db, { name: 'B', decisionNumber: '2/QĐ', ...decision })).id;
	const person = async (login: string, role: UserRole) => {
		const user = await createUser(db, { login, displayName: login, passwordHash: 'h', role });
		people[login] = { id: user.id, role };
		return user.id;
	};
	await person('admin', 'admin');
	await addMember(db, delegationA, await person('leadA', 'lead'), 'truong-doan');
	await addMember(db, delegationA, await person('memberA', 'member'), 'thu-ky');
	await addMember(db, delegationB, await person('memberB', 'member'), 'thanh-vien');
	await person('viewer', 'viewer');
	await db
		.insertInto('inspections_index')
		.values({ inspection_id: INSPECTION_A, delegation_id: delegationA, signed_at: null })
		.execute();
});
afterAll(() => temp.remove());

const who = (login: string) => {
	const person = people[login];
	if (!person) throw new Error(`no test person ${login}`);
	return person;
};

describe('an inspection of delegation A', () => {
	test.each([
		['admin', true, true],
		['leadA', true, true],
		['memberA', true, true],
		['memberB', false, false],
		['viewer', true, false]
	])('%s: read %s, write %s', async (login, read, write) => {
		expect(await canReadInspection(temp.db, who(login), INSPECTION_A)).toBe(read);
		expect(await canWriteInspection(temp.db, who(login), INSPECTION_A)).toBe(write);
	});
});

test('an inspection the server has not registered is writable by an admin only', async () => {
	expect(await canWriteInspection(temp.db, who('admin'), UNREGISTERED)).toBe(true);
	expect(await canWriteInspection(temp.db, who('leadA'), UNREGISTERED)).toBe(false);
	expect(await canReadInspection(temp.db, who('memberA'), UNREGISTERED)).toBe(false);
});

test('new inspections go to delegations the person belongs to', async () => {
	expect(await canWriteDelegation(temp.db, who('memberA'), delegationA)).toBe(true);
	expect(await canWriteDelegation(temp.db, who('memberA'), delegationB)).toBe(false);
	expect(await canWriteDelegation(temp.db, who('viewer'), delegationA)).toBe(false);
	expect(await canWriteDelegation(temp.db, who('admin'), delegationB)).toBe(true);
});

test('delegationsOf lists what each person may read, with their role in it', async () => {
	const names = async (login: string) =>
		(await delegationsOf(temp.db, who(login))).map((d) => [d.name, d.role]);
	expect(await names('admin')).toEqual([
		['A', null],
		['B', null]
	]);
	expect(await names('viewer')).toEqual([
		['A', null],
		['B', null]
	]);
	expect(await names('leadA')).toEqual([['A', 'truong-doan']]);
	expect(await names('memberB')).toEqual([['B', 'thanh-vien']]);
	const [a] = await delegationsOf(temp.db, who('memberA'));
	expect(a).toEqual({
		id: delegationA,
		name: 'A',
		decisionNumber: '1/QĐ',
		decisionDate: '2025-03-15',
		decisionIssuer: 'Chủ tịch UBND',
		role: 'thu-ky'
	});
});
