/**
 * Signed minutes on the wire (docs/SYNC.md, "Signed minutes"), shared so the device builds
 * exactly what the server checks. A sealed minutes travels as an ordinary push mutation:
 * entity `minutes`, entityId = the minutes id, op `upsert`, with `MinutesPatchSchema` as patch.
 * The server stores it once and never merges it; later pushes of the same id with the same seal
 * answer `duplicate`, with another seal `signed`.
 *
 * The seal covers the content exactly as sent. Parsing normalises text (NFC, trimmed), so the
 * device must seal content that already went through MinutesDocumentSchema: the server refuses
 * content that parsing would change, since what it stores and shows must be what was sealed.
 */
import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, UuidSchema } from '$lib/domain/text';
import { MinutesDocumentSchema } from '$lib/minutes/model';
import { PublicKeyJwkSchema } from '$lib/minutes/seal/device-key';
import { SealSchema } from '$lib/minutes/seal/seal';

export { PublicKeyJwkSchema };

/** Corrections of corrections are possible; a hundred is far beyond any real inspection. */
export const MAX_MINUTES_VERSION = 100;

const patchShape = {
	inspectionId: UuidSchema,
	/** 1 for the first minutes of an inspection, then one more for each correction. */
	version: z.int().min(1).max(MAX_MINUTES_VERSION),
	/** The minutes this one corrects (the inspection's latest), or null for the first. */
	supersedes: UuidSchema.nullable(),
	content: MinutesDocumentSchema,
	seal: SealSchema,
	/** The seal's own signedAt, repeated so the device's lists need not open the seal. */
	signedAt: IsoDateTimeSchema,
	/** The device that sealed it. */
	deviceId: IdSchema
};

type PatchLike = {
	inspectionId: string;
	content: { inspectionId: string };
	seal: { signedAt: string };
	signedAt: string;
};

function agree(patch: PatchLike, ctx: z.RefinementCtx) {
	if (patch.content.inspectionId !== patch.inspectionId) {
		ctx.addIssue({
			code: 'custom',
			path: ['content', 'inspectionId'],
			message: 'other-inspection'
		});
	}
	if (patch.signedAt !== patch.seal.signedAt) {
		ctx.addIssue({ code: 'custom', path: ['signedAt'], message: 'not-the-seal-time' });
	}
}

export const MinutesPatchSchema = z.strictObject(patchShape).superRefine(agree);
export type MinutesPatch = z.infer<typeof MinutesPatchSchema>;

/**
 * The minutes as pull sends them: the patch's fields plus `receivedAt`, the server's time of
 * receipt, which the verification page shows next to the device's own time.
 */
export const MinutesRecordSchema = z
	.strictObject({ ...patchShape, receivedAt: IsoDateTimeSchema })
	.superRefine(agree);
export type MinutesRecord = z.infer<typeof MinutesRecordSchema>;

/** `POST /api/devices/key`; the same key may also ride on the login request. */
export const RegisterKeyRequestSchema = z.strictObject({ publicKeyJwk: PublicKeyJwkSchema });
export type RegisterKeyRequest = z.infer<typeof RegisterKeyRequestSchema>;

/** The answer: the key id (RFC 7638 thumbprint) the server now holds for this person's device. */
export const RegisterKeyResponseSchema = z.strictObject({ keyId: z.string() });
export type RegisterKeyResponse = z.infer<typeof RegisterKeyResponseSchema>;

/**
 * The marker the device's PDF renderer writes into the Info dictionary's Keywords, so an
 * uploaded copy names the minutes it claims to be: `kiem-tra-seal:<content sha256>`.
 */
export const SEAL_MARKER_PREFIX = 'kiem-tra-seal:';

export function sealMarker(sha256: string): string {
	return `${SEAL_MARKER_PREFIX}${sha256}`;
}

/** The largest PDF the server stores or the verification page reads (40 photos is ~25 MB). */
export const MAX_MINUTES_PDF_BYTES = 60 * 1024 * 1024;
