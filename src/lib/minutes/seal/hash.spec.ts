import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSha256, isSha256Hex, sha256Hex, shortHash } from './hash';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('sha256Hex', () => {
	it('matches the FIPS 180-2 examples', async () => {
		expect(await sha256Hex(utf8('abc'))).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(await sha256Hex(utf8(''))).toBe(
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
		);
	});
});

describe('contentSha256', () => {
	const content = {
		title: 'BIÊN BẢN KIỂM TRA',
		photos: [{ sha256: 'ab'.repeat(32), caption: 'Hồ sơ một cửa' }],
		copies: 2
	};

	it('hashes the canonical JSON text written by hand', async () => {
		const canonical =
			'{"copies":2,"photos":[{"caption":"Hồ sơ một cửa","sha256":"' +
			'ab'.repeat(32) +
			'"}],"title":"BIÊN BẢN KIỂM TRA"}';
		const expected = createHash('sha256').update(canonical, 'utf8').digest('hex');
		expect(await contentSha256(content)).toBe(expected);
	});

	it('is the same for the same content, whatever the key order, every time', async () => {
		const reordered = {
			copies: 2,
			title: content.title,
			photos: [{ caption: 'Hồ sơ một cửa', sha256: 'ab'.repeat(32) }]
		};
		const hashes = await Promise.all(
			[content, reordered, structuredClone(content)].map(contentSha256)
		);
		expect(new Set(hashes).size).toBe(1);
	});

	it('refuses NFD text, and NFD normalised to NFC hashes like NFC', async () => {
		const nfd = { ...content, title: content.title.normalize('NFD') };
		await expect(contentSha256(nfd)).rejects.toThrow('"/title" (not-nfc)');
		const fixed = { ...nfd, title: nfd.title.normalize('NFC') };
		expect(await contentSha256(fixed)).toBe(await contentSha256(content));
	});
});

describe('shortHash', () => {
	it('groups the first 16 hex digits by four', () => {
		const hex = '3f2a9c1b0d4e77a5' + '0'.repeat(48);
		expect(shortHash(hex)).toBe('3f2a 9c1b 0d4e 77a5');
	});

	it('refuses anything but a full lowercase hash', () => {
		expect(() => shortHash('3f2a9c1b0d4e77a5')).toThrow();
		expect(() => shortHash('A'.repeat(64))).toThrow();
		expect(isSha256Hex('a'.repeat(64))).toBe(true);
		expect(isSha256Hex('a'.repeat(63) + 'g')).toBe(false);
	});
});
