import { describe, expect, it } from 'vitest';
import { clockTime, longDate, shortDate, upper, vietnamTime, vnNumber, vnPercent } from './format';

describe('dates and numbers as NĐ 30 writes them', () => {
	it('pads days below 10 and the months January and February only', () => {
		expect(longDate('2026-03-05')).toBe('ngày 05 tháng 3 năm 2026');
		expect(longDate('2026-02-14')).toBe('ngày 14 tháng 02 năm 2026');
		expect(longDate('2025-11-20')).toBe('ngày 20 tháng 11 năm 2025');
		expect(shortDate('2025-01-01')).toBe('01/01/2025');
		expect(shortDate('2025-06-30')).toBe('30/6/2025');
	});

	it('writes times in words', () => {
		expect(clockTime('08:30')).toBe('08 giờ 30 phút');
	});

	it('reads instants on Vietnam’s clock, across midnight', () => {
		expect(vietnamTime('2025-11-20T02:12:00.000Z')).toEqual({ date: '2025-11-20', time: '09:12' });
		expect(vietnamTime('2025-11-19T18:30:00Z')).toEqual({ date: '2025-11-20', time: '01:30' });
		expect(vietnamTime('2025-11-20T08:00:00+07:00')).toEqual({ date: '2025-11-20', time: '08:00' });
	});

	it('groups thousands with "." and decimals with ","', () => {
		expect(vnNumber(1460)).toBe('1.460');
		expect(vnNumber(1234567.25, 2)).toBe('1.234.567,25');
		expect(vnNumber(84.5)).toBe('84,5');
		expect(vnNumber(0)).toBe('0');
		expect(vnPercent((3700 / 3746) * 100)).toBe('98,8%');
		expect(vnPercent(100)).toBe('100%');
	});

	it('capitalises Vietnamese and stays NFC', () => {
		expect(upper('Đoàn kiểm tra công tác cải cách hành chính')).toBe(
			'ĐOÀN KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH'
		);
		expect(upper('ủy ban'.normalize('NFD'))).toBe('ỦY BAN');
	});
});
