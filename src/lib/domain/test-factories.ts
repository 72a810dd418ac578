import type { Answer } from './answer';
import { answerId } from './ids';
import type { IndicatorSet } from './indicator';
import type { Inspection, Member } from './inspection';
import type { LegalCatalog, LegalInstrument } from './legal';
import type { Finding } from './finding';
import type { AnswerMap } from './progress';
import type { Template, TemplateItem, TemplateSection } from './template';

/** Fixtures for unit tests only; every factory returns a fresh object that passes its schema. */

export const INSPECTION_ID = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
export const OTHER_UUID = '0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4';
export const AT = '2025-08-15T08:30:00.000Z';

export function makeItem(overrides: Partial<TemplateItem> = {}): TemplateItem {
	return {
		id: 'item-1',
		text: { vi: 'Niêm yết công khai TTHC', en: 'Procedures are posted' },
		legalRefs: [{ instrumentId: 'nd-118-2025', article: 'Điều 5' }],
		answerType: 'pass-fail-na',
		photo: 'on-fail',
		required: true,
		weight: 1,
		...overrides
	};
}

export function makeSection(overrides: Partial<TemplateSection> = {}): TemplateSection {
	return {
		id: 'section-1',
		title: { vi: 'Công khai TTHC' },
		items: [makeItem()],
		...overrides
	};
}

export function makeTemplate(overrides: Partial<Template> = {}): Template {
	return {
		id: 'kiem-tra-mot-cua',
		version: 1,
		title: { vi: 'Kiểm tra bộ phận một cửa' },
		legalCatalogId: 'legal-vn',
		indicatorSetId: 'qd-766',
		sections: [makeSection()],
		...overrides
	};
}

export function makeMember(overrides: Partial<Member> = {}): Member {
	return {
		id: 'm1',
		name: 'Nguyễn Văn An',
		role: 'truong-doan',
		position: 'Phó Chánh Văn phòng',
		...overrides
	};
}

export function makeInspection(overrides: Partial<Inspection> = {}): Inspection {
	return {
		id: INSPECTION_ID,
		templateId: 'kiem-tra-mot-cua',
		templateVersion: 1,
		indicatorSetId: 'qd-766',
		indicatorSetVersion: 1,
		unitId: 'ubnd-phuong-ben-nghe',
		periodFrom: '2025-01-01',
		periodTo: '2025-06-30',
		visitDate: '2025-08-15',
		members: [makeMember(), makeMember({ id: 'm2', name: 'Trần Thị Bình', role: 'thu-ky' })],
		status: 'draft',
		createdAt: AT,
		updatedAt: AT,
		createdBy: 'Nguyễn Văn An',
		deviceId: 'device-1',
		...overrides
	};
}

export function makeAnswer(itemId: string, overrides: Partial<Answer> = {}): Answer {
	return {
		id: answerId(INSPECTION_ID, itemId),
		inspectionId: INSPECTION_ID,
		itemId,
		result: null,
		value: null,
		note: '',
		answeredAt: AT,
		answeredBy: 'Nguyễn Văn An',
		deviceId: 'device-1',
		...overrides
	};
}

export function answerMap(...answers: Answer[]): AnswerMap {
	return new Map(answers.map((a) => [a.itemId, a]));
}

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
	return {
		id: OTHER_UUID,
		inspectionId: INSPECTION_ID,
		itemId: 'item-1',
		description: 'Chưa niêm yết 3 thủ tục mới',
		severity: 'medium',
		legalBasis: 'Điều 5 NĐ 118/2025/NĐ-CP',
		requiredAction: 'Bổ sung niêm yết',
		responsibleParty: 'UBND phường',
		deadline: '2025-09-30',
		createdAt: AT,
		updatedAt: AT,
		...overrides
	};
}

export function makeInstrument(overrides: Partial<LegalInstrument> = {}): LegalInstrument {
	return {
		id: 'nd-118-2025',
		code: '118/2025/NĐ-CP',
		title: { vi: 'Nghị định về thực hiện TTHC theo cơ chế một cửa' },
		issuedOn: '2025-06-09',
		validFrom: '2025-07-01',
		validTo: null,
		...overrides
	};
}

export function makeCatalog(overrides: Partial<LegalCatalog> = {}): LegalCatalog {
	return {
		id: 'legal-vn',
		version: 1,
		publishedOn: '2025-07-01',
		instruments: [
			makeInstrument({
				id: 'nd-61-2018',
				code: '61/2018/NĐ-CP',
				issuedOn: '2018-04-23',
				validFrom: '2018-06-21',
				validTo: '2025-06-30'
			}),
			makeInstrument()
		],
		...overrides
	};
}

/** Resolved (kind filled in) indicator set: dossiers resolved, late, and late with an apology. */
export function makeIndicatorSet(overrides: Partial<IndicatorSet> = {}): IndicatorSet {
	return {
		id: 'qd-766',
		version: 1,
		title: { vi: 'Bộ chỉ số QĐ 766' },
		counts: [
			{ id: 'resolved', code: 'C1', label: { vi: 'Hồ sơ đã giải quyết' }, kind: 'count' },
			{ id: 'late', code: 'C2', label: { vi: 'Hồ sơ trễ hạn' }, kind: 'count' },
			{ id: 'apologised', code: 'C3', label: { vi: 'Hồ sơ trễ hạn có xin lỗi' }, kind: 'count' },
			{ id: 'online', code: 'C4', label: { vi: 'Hồ sơ trực tuyến' }, kind: 'count' },
			{ id: 'score', code: 'S1', label: { vi: 'Điểm hài lòng' }, kind: 'score' }
		],
		ratios: [
			{
				id: 'late-share',
				label: { vi: 'Tỷ lệ trễ hạn' },
				numerator: ['late'],
				denominator: ['resolved'],
				group: 'timeliness'
			}
		],
		constraints: [
			{
				lhs: ['late'],
				rhs: ['resolved'],
				message: { vi: 'Số hồ sơ trễ hạn vượt số hồ sơ đã giải quyết' }
			},
			{
				lhs: ['apologised'],
				rhs: ['late'],
				message: { vi: 'Số hồ sơ xin lỗi vượt số hồ sơ trễ hạn' }
			}
		],
		...overrides
	};
}
