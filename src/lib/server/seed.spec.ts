import { afterEach, beforeEach, expect, test } from 'vitest';
import {
	BUNDLED_INDICATOR_SET_REF,
	BUNDLED_TEMPLATE_REF,
	loadDemoUnits
} from '$lib/domain/bundled';
import { verifyPassword } from './auth/password';
import { findUserByLogin } from './db/users';
import { DEMO_ACCOUNTS, DEMO_DELEGATION, demoBanner, seedDemoData } from './seed';
import { openTempDatabase, type TempDatabase } from './test-db';

let temp: TempDatabase;
beforeEach(async () => (temp = await openTempDatabase()));
afterEach(() => temp.remove());

test('a fresh database gets the demo people, their delegation and the bundled catalog', async () => {
	const { db } = temp;
	expect(await seedDemoData(db)).toEqual(DEMO_ACCOUNTS);

	for (const account of DEMO_ACCOUNTS) {
		const user = await findUserByLogin(db, account.login);
		expect(user?.role).toBe(account.role);
		expect(await verifyPassword(user?.password_hash ?? '', account.password)).toBe(true);
		expect(await verifyPassword(user?.password_hash ?? '', 'wrong')).toBe(false);
	}
	const members = await db
		.selectFrom('delegation_members as m')
		.innerJoin('users as u', 'u.id', 'm.user_id')
		.innerJoin('delegations as d', 'd.id', 'm.delegation_id')
		.select(['u.login', 'm.role', 'd.name'])
		.orderBy('u.login')
		.execute();
	expect(members).toEqual([
		{ login: 'thanhvien1', role: 'thanh-vien', name: DEMO_DELEGATION.name },
		{ login: 'thanhvien2', role: 'thanh-vien', name: DEMO_DELEGATION.name },
		{ login: 'thuky', role: 'thu-ky', name: DEMO_DELEGATION.name },
		{ login: 'truongdoan', role: 'truong-doan', name: DEMO_DELEGATION.name }
	]);

	const units = (await loadDemoUnits()).units;
	expect(await db.selectFrom('units').select('id').execute()).toHaveLength(units.length);
	const template = await db.selectFrom('templates').selectAll().executeTakeFirstOrThrow();
	expect([template.id, template.version]).toEqual([
		BUNDLED_TEMPLATE_REF.id,
		BUNDLED_TEMPLATE_REF.version
	]);
	expect(JSON.parse(template.data).sections.length).toBeGreaterThan(0);
	const feed = await db.selectFrom('rows').select(['entity', 'entity_id']).execute();
	expect(feed).toHaveLength(units.length + 2);
	expect(feed).toContainEqual({
		entity: 'indicatorSet',
		entity_id: `${BUNDLED_INDICATOR_SET_REF.id}@${BUNDLED_INDICATOR_SET_REF.version}`
	});
});

test('seeding twice changes nothing the second time', async () => {
	const { db } = temp;
	await seedDemoData(db);
	const count = async () => ({
		users: (await db.selectFrom('users').select('id').execute()).length,
		delegations: (await db.selectFrom('delegations').select('id').execute()).length,
		rows: (await db.selectFrom('rows').select('version').execute()).length
	});
	const before = await count();
	expect(await seedDemoData(db)).toBeNull();
	expect(await count()).toEqual(before);
	expect(before.users).toBe(DEMO_ACCOUNTS.length);
});

test('the start-up banner names the URL and every login with its password and role', () => {
	const banner = demoBanner(DEMO_ACCOUNTS, 'http://localhost:3000');
	expect(banner).toContain('http://localhost:3000');
	for (const a of DEMO_ACCOUNTS) {
		expect(banner).toMatch(new RegExp(`${a.login}\\s+${a.password}\\s+${a.role}`));
	}
	const widths = new Set(banner.split('\n').map((line) => line.length));
	expect(widths.size).toBe(1);
});
