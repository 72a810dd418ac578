import { describe, expect, it } from 'vitest';
import { governingBodyOf } from './account';

describe('governingBodyOf', () => {
	it('is the issuing body without the title of the person signing for it', () => {
		expect(governingBodyOf('Chủ tịch Ủy ban nhân dân thành phố Hà Nội')).toBe(
			'Ủy ban nhân dân thành phố Hà Nội'
		);
		expect(governingBodyOf('Phó Chủ tịch UBND quận Hai Bà Trưng')).toBe('UBND quận Hai Bà Trưng');
		expect(governingBodyOf('Giám đốc Sở Nội vụ')).toBe('Sở Nội vụ');
		expect(governingBodyOf('UBND thành phố Hà Nội')).toBe('UBND thành phố Hà Nội');
	});

	it('is left out when the issuer does not read as a body', () => {
		expect(governingBodyOf('UBND')).toBeUndefined();
		expect(governingBodyOf('Ông Nguyễn Văn A')).toBeUndefined();
		expect(governingBodyOf('')).toBeUndefined();
	});
});
