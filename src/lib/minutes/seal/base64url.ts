/**
 * Unpadded base64url (RFC 4648 §5), as JWK members and our signatures use it. Decoding is strict:
 * only the canonical spelling of some bytes is accepted, so a seal has exactly one text form and a
 * stray character is reported instead of being skipped.
 */

export function toBase64url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes, or null when the text is not canonical unpadded base64url. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
	if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	// atob ignores leftover bits in the last character; re-encoding catches them.
	return toBase64url(bytes) === text ? bytes : null;
}
