/**
 * The device key that seals minutes: ECDSA P-256 through WebCrypto, the same API in the browser,
 * a worker and Node 20, so the server verifies with this very module.
 *
 * The private key is generated non-extractable: it can be stored (CryptoKey is structured-
 * cloneable into IndexedDB) and used to sign, but its bytes never leave the device, so a lost
 * device means a revoked key, not a leaked one. The public key travels as a minimal JWK
 * (kty, crv, x, y) and is named by its RFC 7638 thumbprint, which the server registers.
 *
 * Signatures are WebCrypto's raw r‖s (IEEE P1363, 64 bytes), not DER, in base64url; OpenSSL or
 * Java need a conversion to DER first.
 */
import { z } from 'zod';
import { fromBase64url, toBase64url } from './base64url';
import { jcs } from './canonical';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_PARAMS = { name: 'ECDSA', hash: 'SHA-256' } as const;
const SIGNATURE_BYTES = 64;

/** 32 bytes in unpadded base64url: one P-256 coordinate, or a SHA-256 thumbprint. */
export const Base64url32Schema = z
	.string()
	.regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'b64url-32');

export const PublicKeyJwkSchema = z.strictObject({
	kty: z.literal('EC'),
	crv: z.literal('P-256'),
	x: Base64url32Schema,
	y: Base64url32Schema
});
export type PublicKeyJwk = z.infer<typeof PublicKeyJwkSchema>;

export type DeviceKey = {
	privateKey: CryptoKey;
	publicKeyJwk: PublicKeyJwk;
	/** RFC 7638 thumbprint of publicKeyJwk. */
	keyId: string;
};

const subtle = () => globalThis.crypto.subtle;

export async function generateDeviceKey(): Promise<DeviceKey> {
	const pair = await subtle().generateKey(ALGORITHM, false, ['sign', 'verify']);
	const exported = await subtle().exportKey('jwk', pair.publicKey);
	// The export also carries key_ops and ext, which describe this browser's handle, not the key.
	const publicKeyJwk = PublicKeyJwkSchema.parse({
		kty: exported.kty,
		crv: exported.crv,
		x: exported.x,
		y: exported.y
	});
	return { privateKey: pair.privateKey, publicKeyJwk, keyId: await jwkThumbprint(publicKeyJwk) };
}

/** RFC 7638: SHA-256 over the JCS form of the key type's required members, base64url. */
export async function thumbprintOfMembers(members: Record<string, string>): Promise<string> {
	const bytes = new TextEncoder().encode(jcs(members));
	return toBase64url(new Uint8Array(await subtle().digest('SHA-256', bytes)));
}

export function jwkThumbprint(jwk: PublicKeyJwk): Promise<string> {
	return thumbprintOfMembers({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
}

/** Throws when the JWK is not a point on P-256; the server calls it when a device enrols. */
export async function importPublicKey(jwk: PublicKeyJwk): Promise<CryptoKey> {
	const { kty, crv, x, y } = PublicKeyJwkSchema.parse(jwk);
	return subtle().importKey('jwk', { kty, crv, x, y }, ALGORITHM, true, ['verify']);
}

export async function signBytes(
	privateKey: CryptoKey,
	bytes: Uint8Array<ArrayBuffer>
): Promise<string> {
	return toBase64url(new Uint8Array(await subtle().sign(SIGN_PARAMS, privateKey, bytes)));
}

/** False for a wrong or malformed signature; throws only if the JWK itself is unusable. */
export async function verifyBytes(
	jwk: PublicKeyJwk,
	bytes: Uint8Array<ArrayBuffer>,
	signature: string
): Promise<boolean> {
	const key = await importPublicKey(jwk);
	const raw = fromBase64url(signature);
	if (raw?.length !== SIGNATURE_BYTES) return false;
	return subtle().verify(SIGN_PARAMS, key, raw, bytes);
}
