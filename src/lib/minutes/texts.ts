/**
 * Every fixed Vietnamese wording of the minutes, in one place: headings, the opening and closing
 * sentences, the default methods and recipients. Drafting and rendering both take their words
 * from here, so changing the house wording is a change to this file only. The structure follows
 * NĐ 30/2020 Phụ lục III Mẫu 1.9 as adapted for inspections (domain-vn.md §3.3).
 */
import type { MemberRole } from '$lib/domain/inspection';
import type { Result } from '$lib/domain/template';
import { clockTime, latLon, longDate, shortDate, twoDigits, vietnamTime } from './format';
import type { Ground, MinutesDocument, Person, SignatureBlock } from './model';

export const QUOC_HIEU = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const TIEU_NGU = 'Độc lập - Tự do - Hạnh phúc';
export const MINUTES_TITLE = 'BIÊN BẢN KIỂM TRA';
/** The issuer's code after "BB-" when the delegation has none of its own. */
export const DEFAULT_ISSUER_CODE = 'ĐKT';
/** Ends the content, after the last sentence's full stop (NĐ 30 Phụ lục I). */
export const END_MARK = '/.';
/** Printed where a value is still to be written in by hand. */
export const BLANK = '…';

export const ROLE_LABELS: Record<MemberRole, string> = {
	'truong-doan': 'Trưởng đoàn',
	'pho-truong-doan': 'Phó Trưởng đoàn',
	'thanh-vien': 'Thành viên',
	'thu-ky': 'Thư ký'
};

/** First title line of each delegation member's signature block. */
export const SIGNER_ROLES: Record<MemberRole | 'unit', string> = {
	unit: 'Đại diện đơn vị được kiểm tra',
	'truong-doan': 'Trưởng đoàn kiểm tra',
	'pho-truong-doan': 'Phó Trưởng đoàn',
	'thanh-vien': 'Thành viên Đoàn kiểm tra',
	'thu-ky': 'Thư ký Đoàn kiểm tra'
};

export const HEADINGS = {
	participants: 'I. THÀNH PHẦN',
	delegation: '1. Đoàn kiểm tra:',
	unit: '2. Đại diện đơn vị được kiểm tra:',
	others: '3. Thành phần khác:',
	scope: 'II. NỘI DUNG, PHƯƠNG PHÁP KIỂM TRA',
	contents: '1. Nội dung kiểm tra:',
	methods: '2. Phương pháp kiểm tra:',
	results: 'III. KẾT QUẢ KIỂM TRA',
	strengths: '1. Ưu điểm',
	shortcomings: '2. Tồn tại, hạn chế',
	figures: '3. Số liệu giải quyết thủ tục hành chính trong kỳ kiểm tra',
	comments: 'IV. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA',
	conclusions: 'V. KẾT LUẬN VÀ YÊU CẦU',
	actions: 'Đoàn kiểm tra yêu cầu:'
} as const;

/** List items are stored bare; the layout adds the "-" and the ";" or ".". */
export const DEFAULT_METHODS = [
	'Nghe đại diện đơn vị báo cáo tình hình, kết quả thực hiện các nội dung kiểm tra',
	'Kiểm tra hồ sơ, sổ sách, văn bản có liên quan; kiểm tra xác suất hồ sơ thủ tục hành chính đã tiếp nhận, giải quyết trong kỳ',
	'Quan sát thực tế và chụp ảnh tại nơi tiếp nhận và trả kết quả',
	'Đối chiếu dữ liệu trên Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh và Cổng Dịch vụ công quốc gia'
];

export const NO_SHORTCOMINGS = 'Qua kiểm tra, chưa phát hiện tồn tại, hạn chế.';
export const OTHER_FINDINGS_TITLE = 'Nội dung khác';
export const RECIPIENTS_HEADING = 'Nơi nhận:';
export const REFUSED_MARK = '(Không ký)';

export const RESULT_LABELS: Record<Result | 'none', string> = {
	pass: 'Đạt',
	fail: 'Không đạt',
	na: 'Không áp dụng',
	none: 'Chưa đánh giá'
};

export const TABLE_HEADERS = {
	figures: ['Mã', 'Chỉ tiêu', 'Kết quả'],
	checklist: ['Mã', 'Nội dung kiểm tra', 'Kết quả', 'Ghi nhận']
} as const;

export const ANNEXES = {
	photos: { number: 1, title: 'ẢNH CHỤP TẠI BUỔI KIỂM TRA' },
	checklist: { number: 2, title: 'KẾT QUẢ KIỂM TRA THEO TỪNG TIÊU CHÍ' },
	indicators: { number: 3, title: 'SỐ LIỆU GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TRONG KỲ KIỂM TRA' }
} as const;

export const SEAL_TEXTS = {
	hash: (short: string) => `Mã niêm phong: ${short}`,
	url: (url: string) => `Kiểm tra tại: ${url}`,
	/** The seal shows tampering; it is not a digital signature under the e-transactions law. */
	disclaimer: 'Dấu niêm phong chống sửa đổi của ứng dụng, không phải chữ ký số.'
};

/** Template titles read "Kiểm tra công tác …"; the minutes say what was inspected. */
function inspectedMatter(templateTitle: string): string {
	return templateTitle.replace(/^kiểm tra\s+/i, '');
}

export function subtitle(templateTitle: string, unitName: string): string {
	const matter = inspectedMatter(templateTitle);
	return `${matter.charAt(0).toLocaleUpperCase('vi')}${matter.slice(1)} tại ${unitName}`;
}

export function openingSubject(templateTitle: string): string {
	const matter = inspectedMatter(templateTitle);
	return `${matter.charAt(0).toLocaleLowerCase('vi')}${matter.slice(1)}`;
}

export function numberLine(number: string, symbol: string): string {
	const padded = /^\d$/.test(number) ? `0${number}` : number;
	return `Số: ${padded === '' ? '\u00a0'.repeat(6) : padded}/${symbol}`;
}

export function placeDateLine(place: string, date: string): string {
	return `${place}, ${longDate(date)}`;
}

function groundLine(kind: string, g: Ground): string {
	const date = g.date ? longDate(g.date) : `ngày ${BLANK} tháng ${BLANK} năm ${BLANK}`;
	const issuer = g.issuer ? ` của ${g.issuer}` : '';
	const subject = g.subject ? ` ${g.subject}` : '';
	return `Căn cứ ${kind} số ${g.number || BLANK} ${date}${issuer}${subject}`;
}

/** Each ground on its own line, ";" between them and "." after the last. */
export function groundLines(grounds: MinutesDocument['grounds']): string[] {
	const lines = [
		groundLine('Quyết định', grounds.decision),
		...(grounds.plan ? [groundLine('Kế hoạch', grounds.plan)] : []),
		...grounds.others.map((g) => g.replace(/[;.]$/, ''))
	];
	return lines.map((line, i) => `${line}${i === lines.length - 1 ? '.' : ';'}`);
}

export function openingText(o: MinutesDocument['opening']): string {
	const time = o.startTime ? clockTime(o.startTime) : `${BLANK} giờ ${BLANK} phút`;
	return (
		`Hôm nay, vào hồi ${time}, ${longDate(o.date)}, tại ${o.place || BLANK}, ` +
		`Đoàn kiểm tra tiến hành kiểm tra ${o.subject} đối với ${o.unitName}. ` +
		`Thời kỳ kiểm tra: từ ngày ${shortDate(o.periodFrom)} đến ngày ${shortDate(o.periodTo)}.`
	);
}

export function honorific(p: Pick<Person, 'honorific'>): string {
	return p.honorific === 'ong' ? 'Ông' : p.honorific === 'ba' ? 'Bà' : 'Ông/Bà';
}

/** "Ông Nguyễn Văn An, Phó Chánh Văn phòng – Trưởng đoàn" */
export function personLine(p: Person, role?: MemberRole): string {
	const position = p.position ? `, ${p.position}` : '';
	return `${honorific(p)} ${p.name}${position}${role ? ` – ${ROLE_LABELS[role]}` : ''}`;
}

export function strengthsSummary(unitName: string, passed: number, judged: number): string {
	return `Qua kiểm tra, ${unitName} đạt ${passed}/${judged} tiêu chí được đánh giá.`;
}

export function sectionPassed(sectionTitle: string): string {
	return `${sectionTitle}: các tiêu chí được kiểm tra đều đạt yêu cầu.`;
}

export function failedItemDescription(question: string, detail: string): string {
	const recorded = detail ? ` Ghi nhận: ${withFullStop(detail)}` : '';
	return `Tiêu chí “${question}” được đánh giá không đạt.${recorded}`;
}

export function conclusionSummary(unitName: string, failed: number): string {
	return failed === 0
		? `Đoàn kiểm tra đánh giá ${unitName} thực hiện đạt yêu cầu các nội dung được kiểm tra.`
		: `Đoàn kiểm tra đánh giá ${unitName} cơ bản thực hiện các nội dung được kiểm tra; còn ${failed} tiêu chí không đạt như nêu tại mục III.`;
}

export const REPORT_BACK_ACTION =
	'Khắc phục các tồn tại, hạn chế nêu tại mục III và báo cáo kết quả khắc phục về Đoàn kiểm tra';

export function fixItemAction(itemId: string): string {
	return `Khắc phục tồn tại tại tiêu chí ${itemId}`;
}

export function withFullStop(text: string): string {
	return /[.!?…:;]$/.test(text) ? text : `${text}.`;
}

export function photoRefText(numbers: number[]): string {
	return `(Ảnh số ${numbers.join(', ')}, Phụ lục ${twoDigits(ANNEXES.photos.number)})`;
}

export function actionLine(n: number, text: string, party: string, deadline: string | null) {
	const due = deadline ? `trước ngày ${shortDate(deadline)}` : BLANK;
	return `${n}. ${withFullStop(text)} Đơn vị thực hiện: ${party || BLANK}. Thời hạn: ${due}.`;
}

export function keptByDefault(copies: number): string {
	return `Đoàn kiểm tra giữ ${twoDigits(copies - 1)} bản, đơn vị được kiểm tra giữ 01 bản`;
}

export function closingText(doc: MinutesDocument): string {
	const c = doc.closing;
	const time = c.endTime ? clockTime(c.endTime) : `${BLANK} giờ ${BLANK} phút`;
	const day = c.endDate && c.endDate !== doc.opening.date ? longDate(c.endDate) : 'cùng ngày';
	const kept = c.keptBy ? `: ${c.keptBy}` : '';
	return (
		`Biên bản kết thúc vào hồi ${time} ${day}, đã được đọc lại cho các thành viên tham dự ` +
		`cùng nghe, thống nhất nội dung và ký tên dưới đây. Biên bản được lập thành ` +
		`${twoDigits(c.copies)} bản có giá trị như nhau${kept}.`
	);
}

export function refusalText(block: SignatureBlock, reason: string): string {
	return `${block.name || BLANK} (${block.role}) không ký biên bản. Lý do: ${withFullStop(reason)}`;
}

export function recipientLines(recipients: string[]): string[] {
	return recipients.map(
		(r, i) => `- ${r.replace(/[;.]$/, '')}${i === recipients.length - 1 ? '.' : ';'}`
	);
}

export function defaultRecipients(governingBody: string, unitName: string, code: string) {
	return [
		`${governingBody} (để báo cáo)`,
		unitName,
		'Các thành viên Đoàn kiểm tra',
		`Lưu: VT, ${code}`
	];
}

export function annexLabel(n: number): string {
	return `Phụ lục ${twoDigits(n)}`;
}

export function annexAttachedTo(doc: MinutesDocument): string {
	const number = numberLine(doc.header.number, doc.header.symbol).replace(/^Số: /, '');
	return `(Kèm theo Biên bản số ${number} ${longDate(doc.opening.date)})`;
}

export function seeAnnex(n: number): string {
	return `Số liệu chi tiết tại ${annexLabel(n)}.`;
}

export function photoCaption(n: number, caption: string): string {
	return `Ảnh số ${n}. ${caption || 'Ảnh chụp tại buổi kiểm tra.'}`;
}

/** The closing sentence, then one sentence per refusal; the very last ends with "./.". */
export function closingParagraphs(doc: MinutesDocument): string[] {
	const refusals = doc.signatures.flatMap((block) =>
		block.signature.status === 'refused' ? [refusalText(block, block.signature.reason)] : []
	);
	const all = [closingText(doc), ...refusals];
	const last = withFullStop(all.pop() ?? '');
	return [...all, `${last}${END_MARK}`];
}

/** "Tiêu chí B1 · 09 giờ 12 phút, 20/11/2025 · Vị trí: 21.00090, 105.84900" */
export function photoDetails(
	itemId: string | null,
	takenAt: string,
	location: { lat: number; lon: number } | null
): string {
	const at = vietnamTime(takenAt);
	return [
		itemId ? `Tiêu chí ${itemId}` : null,
		`Chụp lúc ${clockTime(at.time)}, ${shortDate(at.date)}`,
		location ? `Vị trí: ${latLon(location.lat, location.lon)}` : null
	]
		.filter((part) => part !== null)
		.join(' · ');
}
