import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, UuidSchema, nfc } from './text';

/** What a photo is evidence for: one checklist item, one finding, or the inspection as a whole. */
export const PhotoTargetSchema = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('item'), itemId: IdSchema }),
	z.strictObject({ kind: z.literal('finding'), findingId: UuidSchema }),
	z.strictObject({ kind: z.literal('inspection') })
]);
export type PhotoTarget = z.infer<typeof PhotoTargetSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256-hex');

export const PhotoLocationSchema = z.strictObject({
	lat: z.number().min(-90).max(90),
	lon: z.number().min(-180).max(180),
	accuracyM: z.number().nonnegative().nullable(),
	/** 'exif': written by the camera; 'device': asked from the browser when the photo was added. */
	source: z.enum(['exif', 'device'])
});
export type PhotoLocation = z.infer<typeof PhotoLocationSchema>;

const PixelsSchema = z.number().int().positive().max(100_000);

/**
 * A stored photo's metadata; its bytes live apart (full-size and thumbnail), found by `id`.
 * `sha256` is the hash of the stored full-size JPEG, so a photo is addressed by its content on the
 * server. An annotated copy is a photo of its own whose `versionOf` names the original, which is
 * never changed: both keep their own bytes and hash.
 */
export const PhotoSchema = z.strictObject({
	id: UuidSchema,
	inspectionId: UuidSchema,
	target: PhotoTargetSchema,
	caption: nfc(500),
	fileName: nfc(255),
	mime: z.literal('image/jpeg'),
	width: PixelsSchema,
	height: PixelsSchema,
	bytes: z.number().int().positive(),
	sha256: Sha256Schema,
	thumbBytes: z.number().int().positive(),
	thumbWidth: PixelsSchema,
	thumbHeight: PixelsSchema,
	takenAt: IsoDateTimeSchema,
	/** 'exif': the camera's DateTimeOriginal; 'device': the device clock when the file was added. */
	takenAtSource: z.enum(['exif', 'device']),
	location: PhotoLocationSchema.nullable(),
	versionOf: UuidSchema.nullable(),
	/** The drawing of an annotated copy, kept so it can be redrawn or audited; opaque here. */
	annotations: z.array(z.record(z.string(), z.unknown())).max(500).nullable(),
	by: nfc(200),
	deviceId: z.string().min(1).max(100),
	createdAt: IsoDateTimeSchema,
	updatedAt: IsoDateTimeSchema,
	/** Set when the person deletes it: hidden at once, bytes dropped once the server has the delete. */
	deletedAt: IsoDateTimeSchema.nullable()
});
export type Photo = z.infer<typeof PhotoSchema>;

export function sameTarget(a: PhotoTarget, b: PhotoTarget): boolean {
	if (a.kind === 'item' && b.kind === 'item') return a.itemId === b.itemId;
	if (a.kind === 'finding' && b.kind === 'finding') return a.findingId === b.findingId;
	return a.kind === 'inspection' && b.kind === 'inspection';
}

/** A stable string for a target, used as an index key (`item:A1`, `finding:<uuid>`, `inspection`). */
export function targetKey(target: PhotoTarget): string {
	switch (target.kind) {
		case 'item':
			return `item:${target.itemId}`;
		case 'finding':
			return `finding:${target.findingId}`;
		case 'inspection':
			return 'inspection';
	}
}
