/**
 * `/api/photos/<sha256>` as devices meet it: bytes go to whoever may read an inspection with a
 * photo row naming them, and to no one else, who gets the same 404 as for bytes never sent.
 * Uploads stay open to anyone signed in (see the route's PUT).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushMutation } from '$lib/sync/protocol';
import * as photoRoute from '../../routes/api/photos/[sha256]/+server';
import { seededDatabase, userOf } from './admin/fixtures';
import { photoPatch } from './photo-fixtures';
import { readablePhotoRows } from './auth/access';
import type { AuthUser } from './auth/session';
import { push } from './sync/push';
import type { TempDatabase } from './test-db';

let temp: TempDatabase;
let photosDir: string;
vi.mock('./db/sqlite', async (original) => ({
	...(await original<typeof import('./db/sqlite')>()),
	getDb: () => temp.db
}));
vi.mock('./config', () => ({ config: () => ({ photosDir, origin: null }) }));

const INSPECTION = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7, 0xff, 0xd9]);
const SHA = createHash('sha256').update(JPEG).digest('hex');
const at = '2025-07-15T03:00:00.000Z';

let member: AuthUser;

function mutation(entity: PushMutation['entity'], entityId: string, patch: object): PushMutation {
	return {
		mutationId: crypto.randomUUID(),
		entity,
		entityId,
		inspectionId: INSPECTION,
		op: 'upsert',
		patch: patch as PushMutation['patch'],
		at,
		base: {}
	};
}

/** The metadata a device pushes before the bytes. */
const photoRow = (sha256: string) =>
	mutation('photo', crypto.randomUUID(), photoPatch(INSPECTION, sha256, JPEG.length));

beforeEach(async () => {
	temp = await seededDatabase();
	photosDir = mkdtempSync(join(tmpdir(), 'kiem-tra-photo-routes-'));
	member = await userOf(temp, 'thanhvien1');
	const results = await push(temp.db, member, {
		deviceId: 'dev-a',
		mutations: [mutation('inspection', INSPECTION, { status: 'draft', unitId: 'hbt-bach-dang' })]
	});
	expect(results.map((r) => r.status)).toEqual(['applied']);
});
afterEach(async () => {
	await temp.remove();
	rmSync(photosDir, { recursive: true, force: true });
});

type Handler<E = never> = (event: E) => Response | Promise<Response>;

function call<E>(handler: Handler<E>, user: AuthUser, method: string, sha256 = SHA) {
	const request = new Request(`http://localhost/api/photos/${sha256}`, {
		method,
		headers: method === 'PUT' ? { 'content-type': 'image/jpeg' } : {},
		body: method === 'PUT' ? JPEG : undefined
	});
	return handler({
		locals: { user, session: null },
		request,
		params: { sha256 }
	} as unknown as E);
}

const head = async (login: string) =>
	(await call(photoRoute.HEAD, await userOf(temp, login), 'HEAD')).status;

async function pushPhotoRow(user: AuthUser, sha256 = SHA) {
	const results = await push(temp.db, user, { deviceId: 'dev-a', mutations: [photoRow(sha256)] });
	return results.map((r) => r.status);
}

/** A member of no delegation: signed in, reads nothing. */
async function stranger(): Promise<AuthUser> {
	return { ...(await userOf(temp, 'thanhvien1')), id: 'nobody', role: 'member' };
}

describe('GET/HEAD /api/photos/<sha256>', () => {
	it('gives the bytes to every reader of the inspection once both the row and the bytes are in', async () => {
		expect(await pushPhotoRow(member)).toEqual(['applied']);
		expect(await head('thanhvien1')).toBe(404);
		expect((await call(photoRoute.PUT, member, 'PUT')).status).toBe(201);
		for (const login of ['thanhvien1', 'thuky', 'truongdoan', 'admin', 'xem']) {
			expect(await head(login), login).toBe(200);
			const got = await call(photoRoute.GET, await userOf(temp, login), 'GET');
			expect(got.status, login).toBe(200);
			expect(new Uint8Array(await got.arrayBuffer())).toEqual(JPEG);
		}
	});

	it('answers 404 to someone outside the delegation, as for bytes never sent', async () => {
		await pushPhotoRow(member);
		await call(photoRoute.PUT, member, 'PUT');
		const outsider = await stranger();
		expect((await call(photoRoute.HEAD, outsider, 'HEAD')).status).toBe(404);
		const refused = await call(photoRoute.GET, outsider, 'GET');
		const never = await call(photoRoute.GET, member, 'GET', 'b'.repeat(64));
		expect(refused.status).toBe(404);
		expect(await refused.json()).toEqual(await never.json());
	});

	it('gives bytes no photo row names to nobody, not even an administrator', async () => {
		expect((await call(photoRoute.PUT, member, 'PUT')).status).toBe(201);
		expect(await head('admin')).toBe(404);
		expect(await head('thanhvien1')).toBe(404);
		// The row arriving after the bytes opens them.
		await pushPhotoRow(member);
		expect(await head('thanhvien1')).toBe(200);
	});

	it('takes the same bytes again from anyone signed in, so a device told 404 can finish', async () => {
		await pushPhotoRow(member);
		expect((await call(photoRoute.PUT, member, 'PUT')).status).toBe(201);
		expect((await call(photoRoute.PUT, await stranger(), 'PUT')).status).toBe(200);
		expect((await call(photoRoute.PUT, await userOf(temp, 'xem'), 'PUT')).status).toBe(200);
		expect((await call(photoRoute.HEAD, await stranger(), 'HEAD')).status).toBe(404);
	});

	it('answers 404 to a malformed hash, whoever asks', async () => {
		for (const handler of [photoRoute.GET, photoRoute.HEAD, photoRoute.PUT]) {
			const answer = await call(handler, member, 'GET', 'A'.repeat(64));
			expect(answer.status).toBe(404);
		}
	});

	it('finds the rows naming a hash through the partial index', async () => {
		const query = readablePhotoRows(temp.db, member, SHA).compile();
		const plan = await temp.db.executeQuery<{ detail: string }>({
			...query,
			sql: `explain query plan ${query.sql}`
		});
		expect(plan.rows.map((r) => r.detail).join('\n')).toContain('fields_photo_sha256');
	});
});
