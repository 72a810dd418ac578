import { sampleMinutes } from '$fixtures/minutes/sample';
import { describe, expect, it } from 'vitest';
import {
	closingParagraphs,
	groundLines,
	numberLine,
	openingText,
	photoDetails,
	recipientLines,
	subtitle
} from './texts';

describe('the fixed wording of the minutes', () => {
	const { doc } = sampleMinutes();

	it('numbers the minutes with a leading zero below 10, or leaves room to write it in', () => {
		expect(numberLine('5', 'BB-ĐKT')).toBe('Số: 05/BB-ĐKT');
		expect(numberLine('12', 'BB-ĐKT')).toBe('Số: 12/BB-ĐKT');
		expect(numberLine('', 'BB-ĐKT')).toMatch(/^Số: \u00a0+\/BB-ĐKT$/);
	});

	it('says what was inspected where, from the template title', () => {
		expect(subtitle('Kiểm tra công tác kiểm soát TTHC', 'UBND phường Bạch Mai')).toBe(
			'Công tác kiểm soát TTHC tại UBND phường Bạch Mai'
		);
	});

	it('puts each ground on its own line, ";" between and "." after the last', () => {
		const lines = groundLines(doc.grounds);
		expect(lines[0]).toBe(
			'Căn cứ Quyết định số 3125/QĐ-UBND ngày 28 tháng 10 năm 2025 của Chủ tịch UBND thành phố Hà Nội về việc thành lập Đoàn kiểm tra;'
		);
		expect(lines.at(-1)).toMatch(/năm 2025\.$/);
		const blank = groundLines({
			...doc.grounds,
			decision: { number: '', date: null, issuer: '', subject: '' },
			plan: null
		});
		expect(blank).toEqual(['Căn cứ Quyết định số … ngày … tháng … năm ….']);
	});

	it('opens with the time, place and period', () => {
		expect(openingText(doc.opening)).toBe(
			'Hôm nay, vào hồi 08 giờ 30 phút, ngày 20 tháng 11 năm 2025, tại trụ sở UBND phường Bạch Mai, Đoàn kiểm tra tiến hành kiểm tra công tác kiểm soát TTHC, thực hiện cơ chế một cửa, một cửa liên thông và số hóa hồ sơ đối với UBND phường Bạch Mai. Thời kỳ kiểm tra: từ ngày 01/7/2025 đến ngày 31/10/2025.'
		);
	});

	it('closes with the end time and copies, records the refusal, and ends with "./."', () => {
		const closing = closingParagraphs(doc);
		expect(closing[0]).toBe(
			'Biên bản kết thúc vào hồi 11 giờ 40 phút cùng ngày, đã được đọc lại cho các thành viên tham dự cùng nghe, thống nhất nội dung và ký tên dưới đây. Biên bản được lập thành 03 bản có giá trị như nhau: Đoàn kiểm tra giữ 02 bản, đơn vị được kiểm tra giữ 01 bản.'
		);
		expect(closing[1]).toMatch(
			/^Hoàng Thị Thanh \(Đại diện Bộ phận Một cửa\) không ký biên bản\. Lý do: /
		);
		expect(closing.at(-1)).toMatch(/[^.]\.\/\.$/);
		const signed = { ...doc, signatures: doc.signatures.slice(0, 2) };
		expect(closingParagraphs(signed)).toHaveLength(1);
		expect(closingParagraphs(signed)[0]).toMatch(/01 bản\.\/\.$/);
	});

	it('ends recipients with ";" and the last with "."', () => {
		expect(recipientLines(['UBND thành phố (để báo cáo);', 'Lưu: VT, ĐKT'])).toEqual([
			'- UBND thành phố (để báo cáo);',
			'- Lưu: VT, ĐKT.'
		]);
	});

	it('describes a photo by item, local time and place', () => {
		expect(photoDetails('B1', '2025-11-20T02:12:00.000Z', { lat: 21.00092, lon: 105.84905 })).toBe(
			'Tiêu chí B1 · Chụp lúc 09 giờ 12 phút, 20/11/2025 · Vị trí: 21.00092, 105.84905'
		);
		expect(photoDetails(null, '2025-11-20T02:12:00.000Z', null)).toBe(
			'Chụp lúc 09 giờ 12 phút, 20/11/2025'
		);
	});
});
