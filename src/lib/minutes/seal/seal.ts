/**
 * The seal of frozen minutes: a tamper-evident seal, not a legal digital signature (chữ ký số).
 * It shows that an enrolled device sealed exactly this content at a stated time; it carries no CA
 * certificate and does not meet the Electronic Transactions Law's bar for a qualified signature.
 *
 * What is signed is not the content itself but a small statement naming it:
 *   JCS({ purpose, schemaVersion, sha256, keyId, signedAt })
 * where sha256 is the hash of the content's canonical JSON (hash.ts). Binding keyId and signedAt
 * means neither can be swapped afterwards; the purpose string keeps a device signature made for
 * anything else from passing as a seal. The content stays an opaque JSON value here (the minutes
 * model, photo hashes and signature images included), so this module never changes with it.
 *
 * Verification trusts the public key the caller resolves from keyId (the server's registry, or the
 * device's own key), never the copy inside the seal: anyone can make a key and seal with it, so
 * the embedded key only has to agree with the registry. The order of the checks decides the
 * reason reported: a content that no longer matches its hash is 'altered' whatever else is wrong.
 */
import { z } from 'zod';
import { canonicalBytes, CanonicalJsonError, jcs } from './canonical';
import {
	Base64url32Schema,
	jwkThumbprint,
	PublicKeyJwkSchema,
	signBytes,
	verifyBytes,
	type DeviceKey,
	type PublicKeyJwk
} from './device-key';
import { sha256Hex } from './hash';

export const SEAL_SCHEMA_VERSION = 1 as const;
const PURPOSE = 'kiem-tra/minutes-seal';

export const SealSchema = z.strictObject({
	schemaVersion: z.literal(SEAL_SCHEMA_VERSION),
	sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256-hex'),
	/** 64 bytes r‖s in unpadded base64url. */
	signature: z.string().regex(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'b64url-64'),
	keyId: Base64url32Schema,
	publicKeyJwk: PublicKeyJwkSchema,
	/** ISO-8601 UTC, e.g. "2026-03-05T09:41:00.000Z". */
	signedAt: z.iso.datetime()
});
export type Seal = z.infer<typeof SealSchema>;

export type SealFailure =
	/** The seal is not a seal of this schema (missing or misspelt fields). */
	| 'malformed'
	/** A seal from a newer app; this code cannot judge it. */
	| 'unsupported-version'
	/** The content breaks the canonical JSON rules (e.g. a string not in NFC), so it was never sealed as is. */
	| 'invalid-content'
	/** The content's hash differs from the sealed one. */
	| 'altered'
	/** No registered key has this keyId. */
	| 'unknown-key'
	/** keyId, the embedded key and the registered key do not all agree. */
	| 'key-mismatch'
	/** The signature does not cover this hash, key and time. */
	| 'bad-signature';

export type SealVerdict =
	| { ok: true; sha256: string; keyId: string; signedAt: string }
	| { ok: false; reason: SealFailure; detail?: string };

/** Finds the registered public key for a keyId; undefined or null when there is none. */
export type KeyResolver = (
	keyId: string
) => PublicKeyJwk | null | undefined | Promise<PublicKeyJwk | null | undefined>;

type Statement = Pick<Seal, 'schemaVersion' | 'sha256' | 'keyId' | 'signedAt'>;

function statementBytes(statement: Statement): Uint8Array<ArrayBuffer> {
	const { schemaVersion, sha256, keyId, signedAt } = statement;
	return new TextEncoder().encode(
		jcs({ purpose: PURPOSE, schemaVersion, sha256, keyId, signedAt })
	);
}

/**
 * Seals frozen content with the device key. Throws CanonicalJsonError when the content breaks the
 * canonical rules: the builder must hand over NFC text and plain JSON.
 */
export async function sealContent(
	content: unknown,
	key: DeviceKey,
	options: { signedAt?: string } = {}
): Promise<Seal> {
	const signedAt = SealSchema.shape.signedAt.parse(options.signedAt ?? new Date().toISOString());
	const sha256 = await sha256Hex(canonicalBytes(content));
	const statement = { schemaVersion: SEAL_SCHEMA_VERSION, sha256, keyId: key.keyId, signedAt };
	const signature = await signBytes(key.privateKey, statementBytes(statement));
	return SealSchema.parse({ ...statement, signature, publicKeyJwk: key.publicKeyJwk });
}

export async function verifySeal(
	content: unknown,
	seal: unknown,
	resolveKey: KeyResolver
): Promise<SealVerdict> {
	const parsed = SealSchema.safeParse(seal);
	if (!parsed.success) {
		const version = (seal as { schemaVersion?: unknown } | null)?.schemaVersion;
		const newer = typeof version === 'number' && version > SEAL_SCHEMA_VERSION;
		return { ok: false, reason: newer ? 'unsupported-version' : 'malformed' };
	}
	const claimed = parsed.data;

	let sha256: string;
	try {
		sha256 = await sha256Hex(canonicalBytes(content));
	} catch (error) {
		if (error instanceof CanonicalJsonError) {
			return { ok: false, reason: 'invalid-content', detail: error.message };
		}
		throw error;
	}
	if (sha256 !== claimed.sha256) return { ok: false, reason: 'altered' };

	if ((await jwkThumbprint(claimed.publicKeyJwk)) !== claimed.keyId) {
		return { ok: false, reason: 'key-mismatch', detail: 'keyId is not the embedded key' };
	}
	const registered = await resolveKey(claimed.keyId);
	if (!registered) return { ok: false, reason: 'unknown-key' };
	if ((await jwkThumbprint(registered)) !== claimed.keyId) {
		return {
			ok: false,
			reason: 'key-mismatch',
			detail: 'the registered key has another thumbprint'
		};
	}

	const valid = await verifyBytes(registered, statementBytes(claimed), claimed.signature);
	if (!valid) return { ok: false, reason: 'bad-signature' };
	return { ok: true, sha256, keyId: claimed.keyId, signedAt: claimed.signedAt };
}
