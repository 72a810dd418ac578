/**
 * For tests: a photo's metadata as a device pushes it before the bytes (`PhotoSchema` without the
 * id, which is the mutation's entity id), and a small JPEG-looking body of random bytes.
 */
import { createHash, randomBytes } from 'node:crypto';

const AT = '2025-07-15T03:00:00.000Z';

export function photoPatch(inspectionId: string, sha256: string, bytes: number) {
	return {
		inspectionId,
		target: { kind: 'inspection' },
		caption: '',
		fileName: 'anh.jpg',
		mime: 'image/jpeg',
		width: 10,
		height: 10,
		bytes,
		sha256,
		thumbBytes: 5,
		thumbWidth: 10,
		thumbHeight: 10,
		takenAt: AT,
		takenAtSource: 'device',
		location: null,
		versionOf: null,
		annotations: null,
		by: 'Người thử',
		deviceId: 'test-device',
		createdAt: AT,
		updatedAt: AT,
		deletedAt: null
	};
}

/** JPEG start and end markers around random bytes, with their SHA-256. */
export function jpegLike(size = 2000): { bytes: Buffer; sha256: string } {
	const bytes = Buffer.concat([
		Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
		randomBytes(size),
		Buffer.from([0xff, 0xd9])
	]);
	return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
