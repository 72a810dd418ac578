/**
 * The link printed as a QR code on every page: `<origin>/verify/<documentId>?h=<sha256>`. The
 * hash rides along so the public page can say "altered" even for a copy whose document the
 * server has never seen.
 *
 * Parsing is exact: a URL is accepted only if building it again from its parts gives the same
 * string. Scanners hand back the encoded text unchanged, so anything else (another host, an
 * extra parameter, a fragment, upper-case hex) did not come from our QR and is refused.
 */
import { isSha256Hex } from './hash';

export type VerifyLink = { documentId: string; sha256: string };

// UUIDs and the other id shapes we use; a first '.' is refused so '.' and '..' cannot be ids.
const DOCUMENT_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function isVerifyOrigin(origin: string): boolean {
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return false;
	}
	if (url.origin !== origin) return false;
	// Plain http only where a service worker would run on it too: the app's own dev and test hosts.
	return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** Throws on an origin, id or hash that could not be parsed back: that is a caller's bug. */
export function verifyUrl(origin: string, documentId: string, sha256: string): string {
	if (!isVerifyOrigin(origin)) throw new Error(`Not a verification origin: ${origin}`);
	if (!DOCUMENT_ID.test(documentId)) throw new Error(`Not a document id: ${documentId}`);
	if (!isSha256Hex(sha256)) throw new Error('The hash must be 64 lowercase hex digits');
	return `${origin}/verify/${documentId}?h=${sha256}`;
}

/** The document and hash of one of our verification links for this origin, or null. */
export function parseVerifyUrl(url: string, origin: string): VerifyLink | null {
	const match = /^(.*)\/verify\/([^/?#]+)\?h=([^&#]*)$/.exec(url);
	if (!match || match[1] !== origin || !isVerifyOrigin(origin)) return null;
	const [, , documentId = '', sha256 = ''] = match;
	if (!DOCUMENT_ID.test(documentId) || !isSha256Hex(sha256)) return null;
	return verifyUrl(origin, documentId, sha256) === url ? { documentId, sha256 } : null;
}
