import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { registerDevice } from '../db/devices';
import { createUser } from '../db/users';
import { openTempDatabase, type TempDatabase } from '../test-db';
import {
	createSession,
	deleteExpiredSessions,
	generateSessionToken,
	invalidateSession,
	SESSION_TTL_MS,
	sessionIdOf,
	validateSessionToken
} from './session';

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2025-06-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let temp: TempDatabase;
let userId: string;
beforeEach(async () => {
	temp = await openTempDatabase();
	const user = await createUser(
		temp.db,
		{ login: 'An', displayName: 'Nguyễn Văn An', passwordHash: 'h', role: 'member' },
		T0
	);
	userId = user.id;
	await registerDevice(temp.db, { id: 'tablet-1', userId, userAgent: 'test' }, T0);
});
afterEach(() => temp.remove());

async function start(): Promise<string> {
	const token = generateSessionToken();
	await createSession(temp.db, token, userId, 'tablet-1', T0);
	return token;
}

async function stored(token: string) {
	return temp.db
		.selectFrom('sessions')
		.selectAll()
		.where('id', '=', sessionIdOf(token))
		.executeTakeFirst();
}

describe('sessions', () => {
	test('tokens are long, random and stored only as their sha256', async () => {
		const token = await start();
		expect(token).toMatch(/^[\w-]{32}$/);
		expect(generateSessionToken()).not.toBe(token);
		const rows = await temp.db.selectFrom('sessions').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(rows)).not.toContain(token);
	});

	test('a valid token gives the person, without touching the expiry early on', async () => {
		const token = await start();
		const found = await validateSessionToken(temp.db, token, at(DAY));
		expect(found?.user).toEqual({
			id: userId,
			login: 'an',
			displayName: 'Nguyễn Văn An',
			role: 'member'
		});
		expect(found?.session.deviceId).toBe('tablet-1');
		expect(found?.refreshed).toBe(false);
		expect(found?.session.expiresAt).toEqual(at(SESSION_TTL_MS));
		expect((await stored(token))?.last_seen_at).toBe(at(DAY).toISOString());
		expect(await validateSessionToken(temp.db, 'not-a-token', at(DAY))).toBeNull();
	});

	test('slides to 30 days again once less than 15 remain', async () => {
		const token = await start();
		expect((await validateSessionToken(temp.db, token, at(14 * DAY)))?.refreshed).toBe(false);
		const found = await validateSessionToken(temp.db, token, at(16 * DAY));
		expect(found?.refreshed).toBe(true);
		expect(found?.session.expiresAt).toEqual(at(16 * DAY + SESSION_TTL_MS));
		expect((await stored(token))?.expires_at).toBe(at(16 * DAY + SESSION_TTL_MS).toISOString());
		// Used every two weeks, a field device never has to log in again.
		expect(await validateSessionToken(temp.db, token, at(40 * DAY))).not.toBeNull();
	});

	test('expires after 30 days unused, and the expired row is deleted', async () => {
		const token = await start();
		expect(await validateSessionToken(temp.db, token, at(SESSION_TTL_MS - 1))).not.toBeNull();
		const other = await start();
		expect(await validateSessionToken(temp.db, other, at(SESSION_TTL_MS))).toBeNull();
		expect(await stored(other)).toBeUndefined();
	});

	test('invalidating ends the session at once', async () => {
		const token = await start();
		await invalidateSession(temp.db, sessionIdOf(token));
		expect(await validateSessionToken(temp.db, token, at(1))).toBeNull();
	});

	test('a disabled person is logged out everywhere', async () => {
		const token = await start();
		await temp.db.updateTable('users').set({ disabled: 1 }).where('id', '=', userId).execute();
		expect(await validateSessionToken(temp.db, token, at(1))).toBeNull();
	});

	test('the start-up sweep removes expired sessions only', async () => {
		const old = await start();
		const fresh = generateSessionToken();
		await createSession(temp.db, fresh, userId, 'tablet-1', at(10 * DAY));
		expect(await deleteExpiredSessions(temp.db, at(SESSION_TTL_MS + DAY))).toBe(1);
		expect(await stored(old)).toBeUndefined();
		expect(await stored(fresh)).toBeDefined();
	});
});
