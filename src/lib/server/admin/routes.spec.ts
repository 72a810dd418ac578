/**
 * The admin API as a client meets it: every route under /api/admin refuses anyone but an
 * administrator before reading the body, and refuses a bad body before writing anything.
 */
import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthUser } from '../auth/session';
import type { TempDatabase } from '../test-db';
import { seededDatabase, userOf } from './fixtures';
import { overview } from './overview';

let temp: TempDatabase;
vi.mock('../db/sqlite', async (original) => ({
	...(await original<typeof import('../db/sqlite')>()),
	getDb: () => temp.db
}));
beforeEach(async () => (temp = await seededDatabase()));
afterEach(() => temp.remove());

type Handler = (event: RequestEvent) => Promise<Response>;
const routes = import.meta.glob<Record<string, Handler>>('/src/routes/api/admin/**/+server.ts', {
	eager: true
});
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const endpoints = Object.entries(routes).flatMap(([file, module]) =>
	METHODS.filter((m) => module[m]).map((method) => ({ file, method, handler: module[method]! }))
);

function call(handler: Handler, user: AuthUser | null, params: Record<string, string>, body = {}) {
	const request = new Request('http://localhost/api/admin/x', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	const locals = { user, session: null };
	return handler({ locals, params, request } as unknown as RequestEvent);
}

async function statusOf(response: Promise<Response>): Promise<number> {
	try {
		return (await response).status;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
}

describe('admin routes', () => {
	it('covers every admin endpoint', () => {
		expect(endpoints.map((e) => `${e.method} ${e.file.split('/api/admin/')[1]}`)).toEqual(
			expect.arrayContaining([
				'PATCH users/[id]/+server.ts',
				'DELETE delegations/[id]/members/[userId]/+server.ts',
				'PATCH delegations/[id]/+server.ts',
				'POST units/+server.ts',
				'DELETE units/[id]/+server.ts'
			])
		);
	});

	it('answers 403 to every signed-in person but an administrator, and 401 without a session', async () => {
		const before = await overview(temp.db);
		const member = await userOf(temp, 'thanhvien1');
		const lead = await userOf(temp, 'truongdoan');
		const viewer = await userOf(temp, 'xem');
		const params = { id: 'hbt-bach-dang', userId: member.id };
		for (const { file, method, handler } of endpoints) {
			for (const user of [member, lead, viewer]) {
				expect(await statusOf(call(handler, user, params)), `${method} ${file}`).toBe(403);
			}
			expect(await statusOf(call(handler, null, params)), `${method} ${file}`).toBe(401);
		}
		expect(await overview(temp.db)).toEqual(before);
	});

	it('writes nothing from an invalid body', async () => {
		const admin = await userOf(temp, 'admin');
		const member = await userOf(temp, 'thanhvien1');
		const before = await overview(temp.db);
		const handler = (path: string, method: string) => {
			const module = routes[`/src/routes/api/admin/${path}/+server.ts`];
			if (!module?.[method]) throw new Error(`no ${method} ${path}`);
			return module[method];
		};
		const bad = [
			call(handler('users/[id]', 'PATCH'), admin, { id: member.id }, { role: 'boss' }),
			call(
				handler('users/[id]', 'PATCH'),
				admin,
				{ id: member.id },
				{ displayName: 'Tên mới', password: 'ngan' }
			),
			call(handler('units/[id]', 'PATCH'), admin, { id: 'hbt-bach-dang' }, { name: 'Mới' }),
			call(handler('units', 'POST'), admin, {}, { kind: 'ubnd-xa', name: '', address: '' }),
			call(handler('delegations/[id]', 'PATCH'), admin, { id: 'x' }, { decisionDate: 'hôm qua' })
		];
		for (const response of bad) expect(await statusOf(response)).toBe(400);
		expect(await overview(temp.db)).toEqual(before);
	});

	it('lets an administrator disable someone, and refuses disabling themselves', async () => {
		const admin = await userOf(temp, 'admin');
		const member = await userOf(temp, 'thanhvien1');
		const patch = routes['/src/routes/api/admin/users/[id]/+server.ts']?.['PATCH'];
		if (!patch) throw new Error('no PATCH users/[id]');
		const ok = await call(patch, admin, { id: member.id }, { disabled: true });
		expect(ok.status).toBe(200);
		expect(await statusOf(call(patch, admin, { id: admin.id }, { disabled: true }))).toBe(409);
		const users = (await overview(temp.db)).users;
		expect(users.find((u) => u.id === member.id)?.disabled).toBe(true);
		expect(users.find((u) => u.id === admin.id)?.disabled).toBe(false);
	});
});
