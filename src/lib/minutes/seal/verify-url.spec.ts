import { describe, expect, it } from 'vitest';
import { parseVerifyUrl, verifyUrl } from './verify-url';

const ORIGIN = 'https://kiemtra.hanoi.gov.vn';
const ID = '0190c6f2-7a1e-7c3b-9d2a-5e8f1b4c6d70';
const HASH = '3f2a9c1b0d4e77a5'.repeat(4);
const URL_TEXT = `${ORIGIN}/verify/${ID}?h=${HASH}`;

describe('verifyUrl', () => {
	it('builds the link and parses it back', () => {
		expect(verifyUrl(ORIGIN, ID, HASH)).toBe(URL_TEXT);
		expect(parseVerifyUrl(URL_TEXT, ORIGIN)).toEqual({ documentId: ID, sha256: HASH });
	});

	it('allows plain http only on loopback, for dev and e2e', () => {
		const local = verifyUrl('http://127.0.0.1:4173', ID, HASH);
		expect(parseVerifyUrl(local, 'http://127.0.0.1:4173')).toEqual({
			documentId: ID,
			sha256: HASH
		});
		expect(() => verifyUrl('http://kiemtra.hanoi.gov.vn', ID, HASH)).toThrow('origin');
	});

	it('refuses to build from a bad origin, id or hash', () => {
		expect(() => verifyUrl(`${ORIGIN}/`, ID, HASH)).toThrow('origin');
		expect(() => verifyUrl(`${ORIGIN}/app`, ID, HASH)).toThrow('origin');
		expect(() => verifyUrl('ftp://kiemtra.hanoi.gov.vn', ID, HASH)).toThrow('origin');
		expect(() => verifyUrl(ORIGIN, '../admin', HASH)).toThrow('document id');
		expect(() => verifyUrl(ORIGIN, 'a b', HASH)).toThrow('document id');
		expect(() => verifyUrl(ORIGIN, ID, HASH.toUpperCase())).toThrow('hash');
		expect(() => verifyUrl(ORIGIN, ID, HASH.slice(1))).toThrow('hash');
	});
});

describe('parseVerifyUrl refuses anything but our own link', () => {
	it.each([
		['another host', `https://kiemtra.example.com/verify/${ID}?h=${HASH}`],
		['http instead of https', URL_TEXT.replace('https:', 'http:')],
		['user info', URL_TEXT.replace('https://', 'https://evil@')],
		['an explicit default port', URL_TEXT.replace('.vn/', '.vn:443/')],
		['upper-case host', URL_TEXT.replace('kiemtra', 'KIEMTRA')],
		['a prefix path', `${ORIGIN}/x/verify/${ID}?h=${HASH}`],
		['a trailing slash', `${ORIGIN}/verify/${ID}/?h=${HASH}`],
		['an extra parameter', `${URL_TEXT}&x=1`],
		['a parameter before h', `${ORIGIN}/verify/${ID}?x=1&h=${HASH}`],
		['a fragment', `${URL_TEXT}#top`],
		['an empty fragment', `${URL_TEXT}#`],
		['upper-case hex', `${ORIGIN}/verify/${ID}?h=${HASH.toUpperCase()}`],
		['a short hash', `${ORIGIN}/verify/${ID}?h=${HASH.slice(0, 16)}`],
		['no hash', `${ORIGIN}/verify/${ID}`],
		['an encoded id', `${ORIGIN}/verify/%2e%2e?h=${HASH}`],
		['a dot id', `${ORIGIN}/verify/..?h=${HASH}`],
		['not a URL', 'Biên bản số 05/BB-ĐKT'],
		['an empty string', '']
	])('%s', (_label, text) => {
		expect(parseVerifyUrl(text, ORIGIN)).toBeNull();
	});

	it('refuses every link when the expected origin itself is not valid', () => {
		const slash = `${ORIGIN}/`;
		expect(parseVerifyUrl(`${slash}/verify/${ID}?h=${HASH}`, slash)).toBeNull();
	});
});
