import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url';
import { CanonicalJsonError } from './canonical';
import { generateDeviceKey, type DeviceKey, type PublicKeyJwk } from './device-key';
import { contentSha256 } from './hash';
import { SEAL_SCHEMA_VERSION, sealContent, verifySeal, type KeyResolver, type Seal } from './seal';

// A 1×1 PNG is enough: the seal treats the image as text inside the content.
const PNG =
	'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAghdJ2wAAAABJRU5ErkJggg==';

function minutes() {
	return {
		schemaVersion: 1,
		id: '0190c6f2-7a1e-7c3b-9d2a-5e8f1b4c6d70',
		title: 'BIÊN BẢN KIỂM TRA',
		results: [{ itemId: 'A1', text: 'Bộ phận một cửa niêm yết thủ tục đầy đủ.' }],
		photos: [{ sha256: '5e'.repeat(32), caption: 'Bảng niêm yết' }],
		signers: [
			{ name: 'Nguyễn Văn An', role: 'Trưởng đoàn', image: PNG },
			{ name: 'Trần Thị Bình', role: 'Đại diện phường', refused: 'Không đồng ý kết luận' }
		]
	};
}

const SIGNED_AT = '2026-03-05T09:41:00.000Z';
let device: DeviceKey;
let stranger: DeviceKey;
let registry: KeyResolver;

beforeAll(async () => {
	[device, stranger] = await Promise.all([generateDeviceKey(), generateDeviceKey()]);
	registry = (keyId) => (keyId === device.keyId ? device.publicKeyJwk : undefined);
});

function flipHexDigit(hex: string, at: number): string {
	const digit = hex[at] === '0' ? '1' : '0';
	return hex.slice(0, at) + digit + hex.slice(at + 1);
}

describe('sealContent', () => {
	it('seals the content hash with the device key and the given time', async () => {
		const content = minutes();
		const seal = await sealContent(content, device, { signedAt: SIGNED_AT });
		expect(seal).toMatchObject({
			schemaVersion: SEAL_SCHEMA_VERSION,
			sha256: await contentSha256(content),
			keyId: device.keyId,
			publicKeyJwk: device.publicKeyJwk,
			signedAt: SIGNED_AT
		});
		expect(fromBase64url(seal.signature)?.length).toBe(64);
	});

	it('gives the same hash for the same content sealed twice', async () => {
		const [a, b] = await Promise.all([
			sealContent(minutes(), device),
			sealContent(JSON.parse(JSON.stringify(minutes())), device)
		]);
		expect(a.sha256).toBe(b.sha256);
	});

	it('refuses NFD content and a time that is not ISO UTC', async () => {
		const content = { ...minutes(), title: 'BIÊN BẢN KIỂM TRA'.normalize('NFD') };
		await expect(sealContent(content, device)).rejects.toBeInstanceOf(CanonicalJsonError);
		await expect(sealContent(minutes(), device, { signedAt: '05/03/2026' })).rejects.toThrow();
	});
});

describe('verifySeal', () => {
	let seal: Seal;
	beforeAll(async () => {
		seal = await sealContent(minutes(), device, { signedAt: SIGNED_AT });
	});

	it('accepts untouched content, also after the seal went through JSON', async () => {
		const expected = { ok: true, sha256: seal.sha256, keyId: device.keyId, signedAt: SIGNED_AT };
		expect(await verifySeal(minutes(), seal, registry)).toEqual(expected);
		expect(await verifySeal(minutes(), JSON.parse(JSON.stringify(seal)), registry)).toEqual(
			expected
		);
	});

	it('says altered when one character of the text changes', async () => {
		const content = minutes();
		content.results[0]!.text = content.results[0]!.text.replace('đầy đủ', 'đầy dủ');
		expect(await verifySeal(content, seal, registry)).toEqual({ ok: false, reason: 'altered' });
	});

	it('says altered when one byte of a photo hash changes', async () => {
		const content = minutes();
		content.photos[0]!.sha256 = flipHexDigit(content.photos[0]!.sha256, 31);
		expect(await verifySeal(content, seal, registry)).toEqual({ ok: false, reason: 'altered' });
	});

	it('says altered when one character of a signature image changes', async () => {
		const content = minutes();
		const image = content.signers[0]!.image!;
		const at = image.indexOf('CAYAAA');
		content.signers[0]!.image = `${image.slice(0, at)}D${image.slice(at + 1)}`;
		expect(await verifySeal(content, seal, registry)).toEqual({ ok: false, reason: 'altered' });
	});

	it('says altered when a signer or a refusal is dropped', async () => {
		const content = minutes();
		content.signers.pop();
		expect(await verifySeal(content, seal, registry)).toEqual({ ok: false, reason: 'altered' });
	});

	it('reports NFD content as invalid, naming the path', async () => {
		const content = { ...minutes(), title: 'BIÊN BẢN KIỂM TRA'.normalize('NFD') };
		const verdict = await verifySeal(content, seal, registry);
		expect(verdict).toMatchObject({ ok: false, reason: 'invalid-content' });
		expect(!verdict.ok && verdict.detail).toContain('"/title" (not-nfc)');
	});

	it('says unknown-key for a seal made by an unregistered device', async () => {
		const forged = await sealContent(minutes(), stranger);
		expect(await verifySeal(minutes(), forged, registry)).toEqual({
			ok: false,
			reason: 'unknown-key'
		});
	});

	it('says bad-signature when another key signed in the enrolled key’s name', async () => {
		const forged = await sealContent(
			minutes(),
			{ ...stranger, keyId: device.keyId, publicKeyJwk: device.publicKeyJwk },
			{ signedAt: SIGNED_AT }
		);
		expect(await verifySeal(minutes(), forged, registry)).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
	});

	it('says bad-signature when the signature bytes are tampered with', async () => {
		const raw = fromBase64url(seal.signature)!;
		raw[40] = raw[40]! ^ 0x80;
		const tampered = { ...seal, signature: toBase64url(raw) };
		expect(await verifySeal(minutes(), tampered, registry)).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
	});

	it('binds the time and the hash: changing either breaks the signature', async () => {
		const later = { ...seal, signedAt: '2026-03-06T09:41:00.000Z' };
		expect(await verifySeal(minutes(), later, registry)).toEqual({
			ok: false,
			reason: 'bad-signature'
		});

		const content = minutes();
		content.title = 'BIÊN BẢN KIỂM TRA (bản sửa)';
		const rehashed = { ...seal, sha256: await contentSha256(content) };
		expect(await verifySeal(content, rehashed, registry)).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
	});

	it('says key-mismatch when the embedded or the registered key is not the keyId', async () => {
		const swapped = { ...seal, publicKeyJwk: stranger.publicKeyJwk };
		expect(await verifySeal(minutes(), swapped, registry)).toMatchObject({
			ok: false,
			reason: 'key-mismatch'
		});
		const wrongRegistry: KeyResolver = async (): Promise<PublicKeyJwk> => stranger.publicKeyJwk;
		expect(await verifySeal(minutes(), seal, wrongRegistry)).toMatchObject({
			ok: false,
			reason: 'key-mismatch'
		});
	});

	it('says malformed or unsupported-version for something that is not a seal of ours', async () => {
		const { signature: _signature, ...unsigned } = seal;
		expect(await verifySeal(minutes(), unsigned, registry)).toEqual({
			ok: false,
			reason: 'malformed'
		});
		expect(await verifySeal(minutes(), null, registry)).toEqual({ ok: false, reason: 'malformed' });
		expect(await verifySeal(minutes(), { ...seal, extra: 1 }, registry)).toEqual({
			ok: false,
			reason: 'malformed'
		});
		expect(await verifySeal(minutes(), { ...seal, schemaVersion: 2 }, registry)).toEqual({
			ok: false,
			reason: 'unsupported-version'
		});
	});
});
