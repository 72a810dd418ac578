/**
 * The minutes routes as a device meets them: registering its key (login or its own route) and
 * uploading the signed PDF once, on a real SQLite file and a temporary data folder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sealMarker } from '$lib/sync/minutes-wire';
import * as loginRoute from '../../../routes/api/auth/login/+server';
import * as keyRoute from '../../../routes/api/devices/key/+server';
import * as pdfRoute from '../../../routes/api/minutes/[id]/pdf/+server';
import { seededDatabase, userOf } from '../admin/fixtures';
import type { AuthUser, Session } from '../auth/session';
import { push } from '../sync/push';
import type { TempDatabase } from '../test-db';
import { generateDeviceKey, minutesDocument, minutesMutation, sealedPatch, uuid } from './fixtures';
import { registerDeviceKey } from './keys';
import { minutesPdfPath, sha256Of, storeMinutesPdf } from './pdf-store';

let temp: TempDatabase;
let dataDir: string;
vi.mock('../db/sqlite', async (original) => ({
	...(await original<typeof import('../db/sqlite')>()),
	getDb: () => temp.db
}));
vi.mock('../config', () => ({ config: () => ({ dataDir, origin: null }) }));

const INSPECTION = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
let member: AuthUser;
let minutesId: string;
let sha256: string;

beforeEach(async () => {
	temp = await seededDatabase();
	dataDir = mkdtempSync(join(tmpdir(), 'kiem-tra-minutes-'));
	member = await userOf(temp, 'thanhvien1');
	const key = await generateDeviceKey();
	await registerDeviceKey(temp.db, {
		userId: member.id,
		deviceId: 'dev-a',
		publicKeyJwk: key.publicKeyJwk
	});
	const patch = await sealedPatch(minutesDocument(INSPECTION), key);
	minutesId = uuid();
	sha256 = patch.seal.sha256;
	const created = {
		...minutesMutation(uuid(), patch),
		entity: 'inspection' as const,
		entityId: INSPECTION,
		patch: { status: 'draft', unitId: 'hbt-bach-dang' }
	};
	await push(temp.db, member, {
		deviceId: 'dev-a',
		mutations: [created, minutesMutation(minutesId, patch)]
	});
});
afterEach(async () => {
	await temp.remove();
	rmSync(dataDir, { recursive: true, force: true });
});

/** Any route handler: each is typed with its own route's event. */
type Handler<E = never> = (event: E) => Response | Promise<Response>;

function session(user: AuthUser, deviceId = 'dev-a'): Session {
	return { id: 's', userId: user.id, deviceId, expiresAt: new Date(Date.now() + 1e9) };
}

function call<E>(
	handler: Handler<E>,
	user: AuthUser | null,
	init: { method?: string; body?: BodyInit; json?: unknown; params?: Record<string, string> } = {}
) {
	const headers: Record<string, string> = {};
	if (init.json !== undefined) headers['content-type'] = 'application/json';
	const request = new Request('http://localhost/api/x', {
		method: init.method ?? 'POST',
		headers,
		body: init.json !== undefined ? JSON.stringify(init.json) : init.body
	});
	const locals = { user, session: user ? session(user) : null };
	return handler({
		locals,
		request,
		params: init.params ?? { id: minutesId },
		url: new URL('http://localhost/api/x'),
		cookies: { set: vi.fn(), get: vi.fn(), delete: vi.fn() },
		getClientAddress: () => '127.0.0.1'
	} as unknown as E);
}

const pdf = (marker: string, extra = '') =>
	new TextEncoder().encode(
		`%PDF-1.3\n1 0 obj\n<< /Producer (jsPDF) /Keywords (${marker}) >>\nendobj\n${extra}%%EOF\n`
	);

describe('device keys', () => {
	it('registers the session device’s key: 201, then 200; an unusable point is refused', async () => {
		const key = await generateDeviceKey();
		const first = await call(keyRoute.POST, member, { json: { publicKeyJwk: key.publicKeyJwk } });
		expect(first.status).toBe(201);
		expect(await first.json()).toEqual({ keyId: key.keyId });
		expect(
			(await call(keyRoute.POST, member, { json: { publicKeyJwk: key.publicKeyJwk } })).status
		).toBe(200);
		const row = await temp.db
			.selectFrom('device_keys')
			.selectAll()
			.where('key_id', '=', key.keyId)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ user_id: member.id, device_id: 'dev-a' });
		const offCurve = { ...key.publicKeyJwk, y: key.publicKeyJwk.x };
		expect((await call(keyRoute.POST, member, { json: { publicKeyJwk: offCurve } })).status).toBe(
			400
		);
	});

	it('registers the key sent with the login', async () => {
		const key = await generateDeviceKey();
		const body = {
			login: 'thanhvien2',
			password: 'demo-thanhvien2-2025',
			deviceId: 'tablet-2',
			publicKeyJwk: key.publicKeyJwk
		};
		const response = await call(loginRoute.POST, null, { json: body });
		expect(response.status).toBe(200);
		const account = await response.json();
		expect(account.delegations[0]).toMatchObject({
			governingBody: 'Ủy ban nhân dân thành phố Hà Nội',
			decision: { number: '1234/QĐ-UBND', date: '2025-03-15' }
		});
		const rows = await temp.db
			.selectFrom('device_keys')
			.selectAll()
			.where('device_id', '=', 'tablet-2')
			.execute();
		expect(rows.map((r) => r.key_id)).toEqual([key.keyId]);
	});
});

describe('PUT/GET/HEAD /api/minutes/<id>/pdf', () => {
	it('stores the PDF once: the same bytes again are fine, other bytes are refused', async () => {
		const bytes = pdf(sealMarker(sha256));
		expect((await call(pdfRoute.HEAD, member, { method: 'HEAD' })).status).toBe(404);
		expect((await call(pdfRoute.PUT, member, { method: 'PUT', body: bytes })).status).toBe(201);
		expect((await call(pdfRoute.PUT, member, { method: 'PUT', body: bytes })).status).toBe(200);
		const other = await call(pdfRoute.PUT, member, {
			method: 'PUT',
			body: pdf(sealMarker(sha256), '% another rendering\n')
		});
		expect(other.status).toBe(409);
		expect((await other.json()).message).toBe('Biên bản đã ký không thể thay đổi.');

		const head = await call(pdfRoute.HEAD, member, { method: 'HEAD' });
		expect(head.status).toBe(200);
		const got = await call(pdfRoute.GET, await userOf(temp, 'truongdoan'), { method: 'GET' });
		expect(got.status).toBe(200);
		expect(got.headers.get('content-type')).toBe('application/pdf');
		expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
		expect(readdirSync(join(dataDir, 'minutes'))).toEqual([`${minutesId}.pdf`]);
		expect(existsSync(minutesPdfPath(dataDir, minutesId))).toBe(true);
	});

	it('keeps one copy when two different ones arrive at once: the file is the one recorded', async () => {
		const copies = [pdf(sealMarker(sha256), '% a\n'), pdf(sealMarker(sha256), '% b\n')];
		const outcomes = await Promise.all(
			copies.map((bytes) => storeMinutesPdf(temp.db, dataDir, minutesId, bytes))
		);
		expect(outcomes.sort()).toEqual(['created', 'different']);
		const row = await temp.db.selectFrom('minutes').select('pdf_sha256').executeTakeFirstOrThrow();
		expect(sha256Of(readFileSync(minutesPdfPath(dataDir, minutesId)))).toBe(row.pdf_sha256);
	});

	it('refuses what is not this minutes’ PDF, and unknown minutes', async () => {
		const put = (body: BodyInit, params?: Record<string, string>) =>
			call(pdfRoute.PUT, member, { method: 'PUT', body, params });
		expect((await put(new TextEncoder().encode('GIF89a...'))).status).toBe(415);
		expect((await put(new Uint8Array())).status).toBe(400);
		expect((await put(pdf('no marker'))).status).toBe(422);
		expect((await put(pdf(sealMarker('0'.repeat(64))))).status).toBe(422);
		expect((await put(pdf(sealMarker(sha256)), { id: uuid() })).status).toBe(404);
		expect((await put(pdf(sealMarker(sha256)), { id: '../etc' })).status).toBe(404);
		const row = await temp.db.selectFrom('minutes').select('pdf_sha256').executeTakeFirstOrThrow();
		expect(row.pdf_sha256).toBeNull();
	});

	it('takes the PDF from writers and gives it to every reader of the inspection, HEAD as GET', async () => {
		await call(pdfRoute.PUT, member, { method: 'PUT', body: pdf(sealMarker(sha256)) });
		const status = async (login: string, handler: Handler, method: string) =>
			(await call(handler, await userOf(temp, login), { method })).status;
		expect(await status('admin', pdfRoute.GET, 'GET')).toBe(200);
		expect(await status('thuky', pdfRoute.GET, 'GET')).toBe(200);
		expect(await status('xem', pdfRoute.GET, 'GET')).toBe(200);
		expect(await status('xem', pdfRoute.HEAD, 'HEAD')).toBe(200);
		expect(await status('xem', pdfRoute.PUT, 'PUT')).toBe(403);
		const stranger = { ...member, id: 'nobody', role: 'member' as const };
		expect((await call(pdfRoute.GET, stranger, { method: 'GET' })).status).toBe(403);
		expect((await call(pdfRoute.HEAD, stranger, { method: 'HEAD' })).status).toBe(403);
		expect(
			(await call(pdfRoute.PUT, stranger, { method: 'PUT', body: pdf(sealMarker(sha256)) })).status
		).toBe(403);
	});
});
