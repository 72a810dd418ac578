/**
 * What must be filled in before the minutes can be frozen for signing. A draft is allowed to be
 * incomplete; signing is not, and the person gets the whole list at once rather than one refusal
 * at a time. Messages live here rather than in i18n/ so the app shell does not carry them.
 */
import type { Locale } from '$lib/domain/text';
import { MinutesDocumentSchema, type MinutesDocument } from './model';

export type SigningIssueKey =
	| 'invalid'
	| 'decision-missing'
	| 'start-time-missing'
	| 'place-missing'
	| 'no-delegation-head'
	| 'no-unit-representative'
	| 'unit-comments-missing'
	| 'action-responsible-missing'
	| 'action-deadline-missing'
	| 'action-deadline-before-visit'
	| 'end-time-missing'
	| 'end-before-start'
	| 'copies-too-few'
	| 'no-unit-signer'
	| 'no-head-signer'
	| 'signer-name-missing'
	| 'photo-not-in-annex'
	| 'recipients-missing';

export type SigningIssue = {
	key: SigningIssueKey;
	/** Where in the document, for the editor to scroll to. */
	path: (string | number)[];
	params?: Record<string, string | number>;
};

const MESSAGES: Record<SigningIssueKey, { vi: string; en: string }> = {
	invalid: { vi: 'Nội dung không hợp lệ tại {field}.', en: 'Invalid content at {field}.' },
	'decision-missing': {
		vi: 'Chưa ghi đủ số, ngày và cơ quan ban hành quyết định thành lập Đoàn kiểm tra.',
		en: 'The number, date and issuer of the decision setting up the delegation are incomplete.'
	},
	'start-time-missing': {
		vi: 'Chưa ghi giờ bắt đầu.',
		en: 'The start time is missing.'
	},
	'place-missing': { vi: 'Chưa ghi địa điểm kiểm tra.', en: 'The place is missing.' },
	'no-delegation-head': {
		vi: 'Thành phần Đoàn kiểm tra chưa có Trưởng đoàn.',
		en: 'The delegation has no head.'
	},
	'no-unit-representative': {
		vi: 'Chưa có đại diện đơn vị được kiểm tra.',
		en: 'No representative of the inspected unit.'
	},
	'unit-comments-missing': {
		vi: 'Chưa ghi ý kiến của đơn vị được kiểm tra (mục IV).',
		en: 'The unit’s comments (part IV) are empty.'
	},
	'action-responsible-missing': {
		vi: 'Yêu cầu số {n} chưa có đơn vị, người chịu trách nhiệm.',
		en: 'Required action {n} has no responsible party.'
	},
	'action-deadline-missing': {
		vi: 'Yêu cầu số {n} chưa có thời hạn.',
		en: 'Required action {n} has no deadline.'
	},
	'action-deadline-before-visit': {
		vi: 'Thời hạn của yêu cầu số {n} trước ngày kiểm tra.',
		en: 'The deadline of required action {n} is before the visit.'
	},
	'end-time-missing': { vi: 'Chưa ghi giờ kết thúc.', en: 'The end time is missing.' },
	'end-before-start': {
		vi: 'Giờ kết thúc sớm hơn giờ bắt đầu.',
		en: 'The end time is before the start time.'
	},
	'copies-too-few': {
		vi: 'Biên bản phải lập ít nhất 02 bản (Đoàn kiểm tra và đơn vị mỗi bên giữ một bản).',
		en: 'At least 2 copies are needed (one for the delegation, one for the unit).'
	},
	'no-unit-signer': {
		vi: 'Chưa có ô ký cho đại diện đơn vị được kiểm tra.',
		en: 'No signature block for the unit’s representative.'
	},
	'no-head-signer': {
		vi: 'Chưa có ô ký cho Trưởng đoàn.',
		en: 'No signature block for the head of the delegation.'
	},
	'signer-name-missing': {
		vi: 'Ô ký “{role}” chưa có họ tên.',
		en: 'The signature block “{role}” has no name.'
	},
	'photo-not-in-annex': {
		vi: 'Tồn tại “{finding}” dẫn chiếu ảnh không có trong Phụ lục 01.',
		en: 'Finding “{finding}” refers to a photo missing from annex 01.'
	},
	'recipients-missing': { vi: 'Chưa có danh sách nơi nhận.', en: 'The recipients list is empty.' }
};

export function signingIssueMessage(issue: SigningIssue, locale: Locale): string {
	const template = MESSAGES[issue.key][locale];
	const params = issue.params ?? {};
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

function hasGround(g: MinutesDocument['grounds']['decision']): boolean {
	return g.number !== '' && g.date !== null && g.issuer !== '';
}

function checkPeople(doc: MinutesDocument, issues: SigningIssue[]): void {
	const head = doc.participants.delegation.find((p) => p.role === 'truong-doan');
	if (!head) issues.push({ key: 'no-delegation-head', path: ['participants', 'delegation'] });
	if (doc.participants.unit.length === 0) {
		issues.push({ key: 'no-unit-representative', path: ['participants', 'unit'] });
	}
	if (!doc.signatures.some((s) => s.party === 'unit')) {
		issues.push({ key: 'no-unit-signer', path: ['signatures'] });
	}
	if (head && !doc.signatures.some((s) => s.memberId === head.id)) {
		issues.push({ key: 'no-head-signer', path: ['signatures'] });
	}
	doc.signatures.forEach((block, i) => {
		if (block.name === '') {
			issues.push({
				key: 'signer-name-missing',
				path: ['signatures', i, 'name'],
				params: { role: block.role }
			});
		}
	});
}

function checkActions(doc: MinutesDocument, issues: SigningIssue[]): void {
	doc.conclusions.actions.forEach((action, i) => {
		const path = ['conclusions', 'actions', i];
		const n = i + 1;
		if (action.responsibleParty === '') {
			issues.push({ key: 'action-responsible-missing', path, params: { n } });
		}
		if (action.deadline === null) {
			issues.push({ key: 'action-deadline-missing', path, params: { n } });
		} else if (action.deadline < doc.opening.date) {
			issues.push({ key: 'action-deadline-before-visit', path, params: { n } });
		}
	});
}

function checkEnd(doc: MinutesDocument, issues: SigningIssue[]): void {
	const { startTime, date } = doc.opening;
	const { endTime, endDate } = doc.closing;
	if (endTime === null) {
		issues.push({ key: 'end-time-missing', path: ['closing', 'endTime'] });
	} else if (startTime !== null && `${endDate ?? date}T${endTime}` < `${date}T${startTime}`) {
		issues.push({ key: 'end-before-start', path: ['closing', 'endTime'] });
	}
}

function checkPhotoRefs(doc: MinutesDocument, issues: SigningIssue[]): void {
	const inAnnex = new Set(doc.annexes.photos.map((p) => p.sha256));
	doc.results.shortcomings.forEach((group, g) =>
		group.findings.forEach((finding, f) => {
			if (finding.photoRefs.some((sha) => !inAnnex.has(sha))) {
				issues.push({
					key: 'photo-not-in-annex',
					path: ['results', 'shortcomings', g, 'findings', f, 'photoRefs'],
					params: { finding: finding.itemId ?? finding.description.slice(0, 40) }
				});
			}
		})
	);
}

/** Everything that blocks freezing the content, in document order; empty when it can be signed. */
export function validateForSigning(input: MinutesDocument): SigningIssue[] {
	const parsed = MinutesDocumentSchema.safeParse(input);
	if (!parsed.success) {
		return parsed.error.issues.map((issue) => ({
			key: 'invalid',
			path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
			params: { field: issue.path.join('.') }
		}));
	}
	const doc = parsed.data;
	const issues: SigningIssue[] = [];
	if (!hasGround(doc.grounds.decision)) {
		issues.push({ key: 'decision-missing', path: ['grounds', 'decision'] });
	}
	if (doc.opening.startTime === null) {
		issues.push({ key: 'start-time-missing', path: ['opening', 'startTime'] });
	}
	if (doc.opening.place === '') issues.push({ key: 'place-missing', path: ['opening', 'place'] });
	checkPeople(doc, issues);
	checkPhotoRefs(doc, issues);
	if (doc.unitComments.length === 0) {
		issues.push({ key: 'unit-comments-missing', path: ['unitComments'] });
	}
	checkActions(doc, issues);
	checkEnd(doc, issues);
	if (doc.closing.copies < 2) issues.push({ key: 'copies-too-few', path: ['closing', 'copies'] });
	if (doc.recipients.length === 0) issues.push({ key: 'recipients-missing', path: ['recipients'] });
	return issues;
}
