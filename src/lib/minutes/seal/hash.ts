/**
 * The content hash: SHA-256 over the canonical bytes, written as 64 lowercase hex digits. That is
 * what the QR link carries and the server recomputes; the PDF is never hashed, because jsPDF
 * output (dates, object order, compression) is not reproducible byte for byte.
 *
 * The page footer prints a short form, the first 16 hex digits in four groups ("3f2a 9c1b 0d4e
 * 77a5"): long enough (64 bits) that no honest pair of minutes shares it and a forger cannot aim
 * for it, short enough to read aloud and compare with the verification page. It is a reading aid
 * only; every check uses the full hash.
 */
import { canonicalBytes } from './canonical';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(text: string): boolean {
	return SHA256_HEX.test(text);
}

export function toHex(bytes: Uint8Array): string {
	return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
	return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes)));
}

/** SHA-256 of the content's canonical JSON; throws CanonicalJsonError if it cannot be sealed. */
export async function contentSha256(content: unknown): Promise<string> {
	return sha256Hex(canonicalBytes(content));
}

export function shortHash(sha256: string): string {
	if (!isSha256Hex(sha256)) throw new Error('shortHash expects 64 lowercase hex digits');
	return [0, 4, 8, 12].map((start) => sha256.slice(start, start + 4)).join(' ');
}
