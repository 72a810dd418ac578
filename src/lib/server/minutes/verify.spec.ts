import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealMarker } from '$lib/sync/minutes-wire';
import { seededDatabase, userOf } from '../admin/fixtures';
import { push } from '../sync/push';
import type { TempDatabase } from '../test-db';
import { generateDeviceKey, minutesDocument, minutesMutation, sealedPatch, uuid } from './fixtures';
import { registerDeviceKey } from './keys';
import { sealMarkersIn, storeMinutesPdf } from './pdf-store';
import { verifyLink, verifyPdf } from './verify';

const INSPECTION = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
let temp: TempDatabase;
let dataDir: string;
let minutesId: string;
let sha256: string;

const pdf = (keywords: string, extra = '') =>
	new TextEncoder().encode(
		`%PDF-1.3\n1 0 obj\n<< /Producer (jsPDF) /Keywords (${keywords}) >>\nendobj\n${extra}%%EOF\n`
	);

beforeEach(async () => {
	temp = await seededDatabase();
	dataDir = mkdtempSync(join(tmpdir(), 'kiem-tra-verify-'));
	const member = await userOf(temp, 'thanhvien1');
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
	const results = await push(temp.db, member, {
		deviceId: 'dev-a',
		mutations: [created, minutesMutation(minutesId, patch)]
	});
	expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
});
afterEach(async () => {
	await temp.remove();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('the QR link', () => {
	it('is valid with the sealed hash and shows only what the seal says', async () => {
		const result = await verifyLink(temp.db, minutesId, sha256);
		expect(result.outcome).toBe('valid');
		if (!('minutes' in result)) throw new Error('no summary');
		expect(result.minutes).toMatchObject({
			title: 'Biên bản kiểm tra',
			number: '05/BB-ĐKT',
			unitName: 'UBND phường Bạch Mai',
			inspectionDate: '2025-11-20',
			signedAt: '2025-11-20T04:05:00.000Z',
			supersededBy: null
		});
		expect(result.minutes.keyId).toHaveLength(8);
		expect(result.minutes.signers).toEqual([
			expect.objectContaining({ role: 'Đại diện đơn vị được kiểm tra', status: 'signed' }),
			expect.objectContaining({ name: 'Nguyễn Văn An', status: 'signed', reason: null }),
			expect.objectContaining({ status: 'refused', reason: 'Không đồng ý kết luận.' })
		]);
		expect(JSON.stringify(result)).not.toContain('image/png');
	});

	it('says altered for another hash, unknown for another id, and refuses a broken link', async () => {
		expect((await verifyLink(temp.db, minutesId, 'a'.repeat(64))).outcome).toBe('altered');
		expect((await verifyLink(temp.db, uuid(), sha256)).outcome).toBe('unknown');
		expect((await verifyLink(temp.db, 'not-an-id', sha256)).outcome).toBe('unknown');
		expect((await verifyLink(temp.db, minutesId, null)).outcome).toBe('bad-link');
		expect((await verifyLink(temp.db, minutesId, sha256.toUpperCase())).outcome).toBe('bad-link');
	});

	it('never calls a damaged record valid', async () => {
		await temp.db
			.updateTable('minutes')
			.set((eb) => ({
				content: eb.fn('replace', ['content', eb.val('Bạch Mai'), eb.val('Bạch Đằng')])
			}))
			.execute();
		expect((await verifyLink(temp.db, minutesId, sha256)).outcome).toBe('damaged');
	});
});

describe('an uploaded PDF', () => {
	it('is valid byte for byte, altered when it differs, unverifiable before the original arrives', async () => {
		const original = pdf(sealMarker(sha256));
		const edited = pdf(sealMarker(sha256), '% edited\n');
		expect((await verifyPdf(temp.db, edited)).outcome).toBe('unverifiable');
		await storeMinutesPdf(temp.db, dataDir, minutesId, original);
		expect((await verifyPdf(temp.db, original)).outcome).toBe('valid');
		const altered = await verifyPdf(temp.db, edited);
		expect(altered.outcome).toBe('altered');
		expect('minutes' in altered && altered.minutes.id).toBe(minutesId);
	});

	it('tells a PDF without our seal, an unknown seal and a file that is not a PDF', async () => {
		expect((await verifyPdf(temp.db, pdf('biên bản'))).outcome).toBe('no-seal');
		expect((await verifyPdf(temp.db, pdf(sealMarker('b'.repeat(64))))).outcome).toBe('unknown');
		expect(
			(await verifyPdf(temp.db, new TextEncoder().encode('PK\u0003\u0004 a zip'))).outcome
		).toBe('not-pdf');
		expect((await verifyPdf(temp.db, new Uint8Array())).outcome).toBe('no-file');
	});

	it('finds the marker in plain and UTF-16 strings, each once', () => {
		const marker = sealMarker(sha256);
		const utf16 = [...marker].map((c) => `\u0000${c}`).join('');
		expect(sealMarkersIn(pdf(`${marker} ${marker}`))).toEqual([sha256]);
		expect(sealMarkersIn(Buffer.from(`%PDF-1.7 <feff${utf16}>`, 'latin1'))).toEqual([sha256]);
		expect(sealMarkersIn(pdf(`kiem-tra-seal:${'c'.repeat(63)}`))).toEqual([]);
	});
});
