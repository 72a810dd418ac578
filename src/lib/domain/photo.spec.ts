import { describe, expect, it } from 'vitest';
import { PhotoSchema, PhotoTargetSchema, sameTarget, targetKey, type Photo } from './photo';

const UUID = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';

function photo(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: UUID,
		inspectionId: UUID,
		target: { kind: 'inspection' },
		caption: '',
		fileName: 'IMG_0001.jpg',
		mime: 'image/jpeg',
		width: 2048,
		height: 1536,
		bytes: 400_000,
		sha256: 'f'.repeat(64),
		thumbBytes: 12_000,
		thumbWidth: 320,
		thumbHeight: 240,
		takenAt: '2025-08-15T02:30:00.000Z',
		takenAtSource: 'device',
		location: null,
		versionOf: null,
		annotations: null,
		by: '',
		deviceId: 'dev-1',
		createdAt: '2025-08-15T02:30:00.000Z',
		updatedAt: '2025-08-15T02:30:00.000Z',
		deletedAt: null,
		...overrides
	};
}

describe('PhotoSchema', () => {
	it('accepts a stored photo and NFC-normalises its caption', () => {
		const parsed: Photo = PhotoSchema.parse(photo({ caption: ' Bảng niêm yết '.normalize('NFD') }));
		expect(parsed.caption).toBe('Bảng niêm yết'.normalize('NFC'));
	});

	it('rejects a hash that is not 64 lowercase hex digits, and any other MIME than JPEG', () => {
		expect(PhotoSchema.safeParse(photo({ sha256: 'F'.repeat(64) })).success).toBe(false);
		expect(PhotoSchema.safeParse(photo({ sha256: 'f'.repeat(63) })).success).toBe(false);
		expect(PhotoSchema.safeParse(photo({ mime: 'image/png' })).success).toBe(false);
	});

	it('rejects impossible sizes and places', () => {
		expect(PhotoSchema.safeParse(photo({ width: 0 })).success).toBe(false);
		expect(PhotoSchema.safeParse(photo({ height: 1.5 })).success).toBe(false);
		const far = { lat: 91, lon: 0, accuracyM: null, source: 'exif' };
		expect(PhotoSchema.safeParse(photo({ location: far })).success).toBe(false);
		const near = { lat: 21.03, lon: 105.85, accuracyM: 12, source: 'device' };
		expect(PhotoSchema.safeParse(photo({ location: near })).success).toBe(true);
	});
});

describe('photo targets', () => {
	it('accept an item, a finding or the inspection, nothing else', () => {
		expect(PhotoTargetSchema.safeParse({ kind: 'item', itemId: 'A1' }).success).toBe(true);
		expect(PhotoTargetSchema.safeParse({ kind: 'finding', findingId: UUID }).success).toBe(true);
		expect(PhotoTargetSchema.safeParse({ kind: 'finding', findingId: 'x' }).success).toBe(false);
		expect(PhotoTargetSchema.safeParse({ kind: 'unit' }).success).toBe(false);
	});

	it('compare and key by what they point at', () => {
		expect(sameTarget({ kind: 'item', itemId: 'A1' }, { kind: 'item', itemId: 'A1' })).toBe(true);
		expect(sameTarget({ kind: 'item', itemId: 'A1' }, { kind: 'item', itemId: 'A2' })).toBe(false);
		expect(sameTarget({ kind: 'inspection' }, { kind: 'inspection' })).toBe(true);
		expect(sameTarget({ kind: 'inspection' }, { kind: 'finding', findingId: UUID })).toBe(false);
		expect(targetKey({ kind: 'item', itemId: 'A1' })).toBe('item:A1');
		expect(targetKey({ kind: 'finding', findingId: UUID })).toBe(`finding:${UUID}`);
		expect(targetKey({ kind: 'inspection' })).toBe('inspection');
	});
});
