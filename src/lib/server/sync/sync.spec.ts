import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushMutation } from '$lib/sync/protocol';
import type { AuthUser } from '../auth/session';
import { addMember, createDelegation } from '../db/delegations';
import { createUser, findUserByLogin } from '../db/users';
import { seedDemoData } from '../seed';
import { openTempDatabase, type TempDatabase } from '../test-db';
import { pull } from './pull';
import { push } from './push';
import { resolveConflict } from './resolve';

const INSPECTION = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
const FINDING = '0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4';
let temp: TempDatabase;
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

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

function mutation(partial: Partial<PushMutation>): PushMutation {
	return {
		mutationId: uuid(),
		entity: 'inspection',
		entityId: INSPECTION,
		inspectionId: INSPECTION,
		op: 'upsert',
		patch: {},
		at: '2025-08-15T08:00:00.000Z',
		base: {},
		...partial
	};
}

const created = () =>
	mutation({ patch: { id: INSPECTION, status: 'draft', unitId: 'hbt-bach-dang' } });

const answer = (result: string, base = 0) =>
	mutation({
		entity: 'answer',
		entityId: `${INSPECTION}:A1`,
		patch: { result, answeredBy: 'Nguyễn Văn An' },
		base: { result: base }
	});

async function countRows(table: 'fields' | 'rows' | 'conflicts' | 'mutations') {
	const r = await temp.db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

describe('push', () => {
	it('applies a batch once, however many times it is sent', async () => {
		const member = await user('thanhvien1');
		const batch = { deviceId: 'dev-a', mutations: [created(), answer('pass')] };
		const first = await push(temp.db, member, batch);
		expect(first.map((r) => r.status)).toEqual(['applied', 'applied']);
		const fields = await countRows('fields');
		const second = await push(temp.db, member, batch);
		const third = await push(temp.db, member, batch);
		expect(second.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
		expect(third).toEqual(second);
		expect(await countRows('fields')).toBe(fields);
		expect(await countRows('mutations')).toBe(2);
		const page = await pull(temp.db, member, 0, 1000);
		expect(page.changes.filter((c) => c.entity === 'answer')).toHaveLength(1);
	});

	it('refuses what the writer may not do, a signed inspection and bad values, and applies the rest', async () => {
		const member = await user('thanhvien1');
		await push(temp.db, member, { deviceId: 'dev-a', mutations: [created()] });

		const stranger = await createUser(temp.db, {
			login: 'nguoingoai',
			displayName: 'Người ngoài',
			passwordHash: 'x',
			role: 'member'
		});
		const other = await createDelegation(temp.db, {
			name: 'Đoàn khác',
			decisionNumber: '1/QĐ',
			decisionDate: '2025-01-01',
			decisionIssuer: 'UBND'
		});
		await addMember(temp.db, other.id, stranger.id, 'thanh-vien');
		const asStranger = { ...stranger, displayName: '', role: 'member' as const };
		const [forbidden] = await push(temp.db, asStranger, {
			deviceId: 'dev-x',
			mutations: [answer('fail')]
		});
		expect(forbidden).toMatchObject({ status: 'rejected', reason: 'forbidden' });
		const [viewer] = await push(temp.db, await user('xem'), {
			deviceId: 'dev-v',
			mutations: [answer('fail')]
		});
		expect(viewer).toMatchObject({ status: 'rejected', reason: 'forbidden' });

		const results = await push(temp.db, member, {
			deviceId: 'dev-a',
			mutations: [
				answer('maybe'),
				mutation({ entity: 'answer', entityId: `${INSPECTION}:A2`, patch: { colour: 'red' } }),
				mutation({ entity: 'answer', entityId: `${FINDING}:A1`, patch: { result: 'pass' } }),
				answer('pass')
			]
		});
		expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([
			'invalid',
			'invalid',
			'invalid',
			'applied'
		]);

		await temp.db
			.updateTable('inspections_index')
			.set({ signed_at: '2025-08-15T10:00:00.000Z' })
			.execute();
		const [signed] = await push(temp.db, member, { deviceId: 'dev-a', mutations: [answer('na')] });
		expect(signed).toMatchObject({ status: 'rejected', reason: 'signed' });
	});

	it('keeps both values when two devices change one field, and tells the lead through pull', async () => {
		const a = await user('thanhvien1');
		const b = await user('thanhvien2');
		await push(temp.db, a, { deviceId: 'dev-a', mutations: [created(), answer('pass')] });
		const [theirs] = await push(temp.db, b, { deviceId: 'dev-b', mutations: [answer('fail', 0)] });
		expect(theirs?.status).toBe('conflict');
		const conflicts = await temp.db.selectFrom('conflicts').selectAll().execute();
		expect(conflicts).toHaveLength(1);
		expect(JSON.parse(conflicts[0]?.overwritten ?? '{}')).toMatchObject({
			value: 'pass',
			deviceId: 'dev-a'
		});
		expect(JSON.parse(conflicts[0]?.applied ?? '{}')).toMatchObject({
			value: 'fail',
			deviceId: 'dev-b'
		});

		const lead = await user('truongdoan');
		const page = await pull(temp.db, lead, 0, 1000);
		const answerChange = page.changes.find((c) => c.entity === 'answer');
		expect(answerChange?.fields['result']?.value).toBe('fail');
		expect(page.changes.filter((c) => c.entity === 'conflict')).toHaveLength(1);

		// Only the delegation head closes it; closing moves it through the feed.
		const id = conflicts[0]?.id ?? '';
		expect(await resolveConflict(temp.db, b, id)).toBe('forbidden');
		expect(await resolveConflict(temp.db, lead, id)).toBe('resolved');
		expect(await resolveConflict(temp.db, lead, 'missing')).toBe('not-found');
		const after = await pull(temp.db, lead, page.cursor, 100);
		const closed = after.changes.find((c) => c.entity === 'conflict');
		expect(
			(closed?.fields['data']?.value as { resolvedAt: string | null }).resolvedAt
		).not.toBeNull();

		// An edit made after seeing the latest value is no conflict.
		const version = answerChange?.fields['result']?.version ?? 0;
		const [informed] = await push(temp.db, a, {
			deviceId: 'dev-a',
			mutations: [answer('na', version)]
		});
		expect(informed?.status).toBe('applied');
	});
});

describe('pull', () => {
	it('pages through changes in version order with tombstones, within what the person may read', async () => {
		const member = await user('thanhvien1');
		const finding = (op: 'upsert' | 'delete') =>
			mutation({
				entity: 'finding',
				entityId: FINDING,
				op,
				patch: op === 'upsert' ? { description: 'Thiếu sổ theo dõi', severity: 'high' } : {}
			});
		await push(temp.db, member, {
			deviceId: 'dev-a',
			mutations: [created(), answer('pass'), finding('upsert'), finding('delete')]
		});

		const all: string[] = [];
		let cursor = 0;
		let pages = 0;
		for (;;) {
			const page = await pull(temp.db, member, cursor, 7);
			pages++;
			for (const c of page.changes) all.push(`${c.entity}${c.deleted ? ':deleted' : ''}`);
			const versions = page.changes.map((c) => c.version);
			expect(versions).toEqual([...versions].sort((x, y) => x - y));
			cursor = page.cursor;
			if (!page.more) break;
		}
		expect(pages).toBeGreaterThan(1);
		expect(all).toContain('finding:deleted');
		expect(all).not.toContain('finding');
		expect(all.filter((e) => e === 'template')).toHaveLength(1);
		expect(all).toContain('inspection');

		const stranger = await createUser(temp.db, {
			login: 'khac',
			displayName: 'Khác',
			passwordHash: 'x',
			role: 'member'
		});
		const theirs = await pull(temp.db, { ...stranger, displayName: '', role: 'member' }, 0, 1000);
		expect(theirs.changes.some((c) => c.inspectionId === INSPECTION)).toBe(false);
		expect(theirs.changes.some((c) => c.entity === 'unit')).toBe(true);
		expect((await pull(temp.db, member, cursor, 10)).changes).toEqual([]);
	});
});
