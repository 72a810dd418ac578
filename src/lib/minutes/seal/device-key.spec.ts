import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url';
import {
	generateDeviceKey,
	importPublicKey,
	jwkThumbprint,
	signBytes,
	thumbprintOfMembers,
	verifyBytes,
	type PublicKeyJwk
} from './device-key';

const utf8 = (text: string) => new TextEncoder().encode(text);

// RFC 7515 Appendix A.3: the ES256 example key and the JWS it signs.
const RFC7515_KEY: PublicKeyJwk = {
	kty: 'EC',
	crv: 'P-256',
	x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
	y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0'
};
const RFC7515_SIGNING_INPUT =
	'eyJhbGciOiJFUzI1NiJ9.' +
	'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt' +
	'cGxlLmNvbS9pc19yb290Ijp0cnVlfQ';
const RFC7515_SIGNATURE =
	'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSA' + 'pmWQxfKTUJqPP3-Kg6NU1Q';

describe('generateDeviceKey', () => {
	it('keeps the private key non-extractable and exports a minimal public JWK', async () => {
		const key = await generateDeviceKey();
		expect(key.privateKey.extractable).toBe(false);
		expect(key.privateKey.algorithm).toEqual({ name: 'ECDSA', namedCurve: 'P-256' });
		await expect(crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
		expect(Object.keys(key.publicKeyJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
		expect(key.keyId).toBe(await jwkThumbprint(key.publicKeyJwk));
		expect(key.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('makes a new key each time', async () => {
		const [a, b] = await Promise.all([generateDeviceKey(), generateDeviceKey()]);
		expect(a.keyId).not.toBe(b.keyId);
	});
});

describe('RFC 7638 thumbprint', () => {
	it('matches the RFC 7638 §3.1 example', async () => {
		const n =
			'0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6' +
			'4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9' +
			'1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
		expect(await thumbprintOfMembers({ n, kty: 'RSA', e: 'AQAB' })).toBe(
			'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
		);
	});

	it('hashes exactly {"crv","kty","x","y"} for an EC key, ignoring other members', async () => {
		const members = `{"crv":"P-256","kty":"EC","x":"${RFC7515_KEY.x}","y":"${RFC7515_KEY.y}"}`;
		const expected = toBase64url(
			new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(members)))
		);
		const withExtras = { ...RFC7515_KEY, kid: 'x', use: 'sig' } as PublicKeyJwk;
		expect(await jwkThumbprint(RFC7515_KEY)).toBe(expected);
		expect(await jwkThumbprint(withExtras)).toBe(expected);
	});
});

describe('sign and verify', () => {
	it('verifies the RFC 7515 A.3 ES256 signature (raw r‖s)', async () => {
		const input = utf8(RFC7515_SIGNING_INPUT);
		expect(await verifyBytes(RFC7515_KEY, input, RFC7515_SIGNATURE)).toBe(true);
		expect(
			await verifyBytes(RFC7515_KEY, utf8(RFC7515_SIGNING_INPUT + 'x'), RFC7515_SIGNATURE)
		).toBe(false);
	});

	it('signs 64 bytes that verify here and with node:crypto in IEEE P1363 form', async () => {
		const key = await generateDeviceKey();
		const bytes = utf8('{"title":"Biên bản"}');
		const signature = await signBytes(key.privateKey, bytes);
		const raw = fromBase64url(signature);
		expect(raw?.length).toBe(64);
		expect(await verifyBytes(key.publicKeyJwk, bytes, signature)).toBe(true);
		const nodeKey = createPublicKey({ key: key.publicKeyJwk, format: 'jwk' });
		expect(nodeVerify('sha256', bytes, { key: nodeKey, dsaEncoding: 'ieee-p1363' }, raw!)).toBe(
			true
		);
	});

	it('fails for another key, other bytes, tampered or malformed signatures', async () => {
		const [key, other] = await Promise.all([generateDeviceKey(), generateDeviceKey()]);
		const bytes = utf8('content');
		const signature = await signBytes(key.privateKey, bytes);
		const raw = fromBase64url(signature)!;
		raw[10] = raw[10]! ^ 0x01;
		expect(await verifyBytes(other.publicKeyJwk, bytes, signature)).toBe(false);
		expect(await verifyBytes(key.publicKeyJwk, utf8('Content'), signature)).toBe(false);
		expect(await verifyBytes(key.publicKeyJwk, bytes, toBase64url(raw))).toBe(false);
		expect(await verifyBytes(key.publicKeyJwk, bytes, signature.slice(0, 43))).toBe(false);
		expect(await verifyBytes(key.publicKeyJwk, bytes, signature + '=')).toBe(false);
		expect(await verifyBytes(key.publicKeyJwk, bytes, '')).toBe(false);
	});

	it('refuses a JWK that is not a point on P-256', async () => {
		const offCurve = { ...RFC7515_KEY, y: RFC7515_KEY.x };
		await expect(importPublicKey(offCurve)).rejects.toThrow();
		await expect(
			importPublicKey({ ...RFC7515_KEY, crv: 'P-384' } as unknown as PublicKeyJwk)
		).rejects.toThrow();
	});
});

describe('base64url', () => {
	it('round-trips and accepts only the canonical spelling', () => {
		const bytes = Uint8Array.from([0xfb, 0xff, 0x00, 0x3e]);
		expect(toBase64url(bytes)).toBe('-_8APg');
		expect(fromBase64url('-_8APg')).toEqual(bytes);
		expect(fromBase64url('-_8APh')).toBeNull();
		expect(fromBase64url('+/8APg')).toBeNull();
		expect(fromBase64url('-_8APg==')).toBeNull();
		expect(fromBase64url('A')).toBeNull();
	});
});
