import { sampleInput, sampleMinutes } from '$fixtures/minutes/sample';
import { describe, expect, it } from 'vitest';
import { draftMinutes } from './draft';
import {
	MinutesDocumentSchema,
	signingIssueMessage,
	validateForSigning,
	type MinutesDocument,
	type SigningIssueKey
} from './model';

const complete = (): MinutesDocument => sampleMinutes().doc;
const keys = (doc: MinutesDocument): SigningIssueKey[] => validateForSigning(doc).map((i) => i.key);

describe('MinutesDocumentSchema', () => {
	it('accepts the completed sample as it is', () => {
		const doc = complete();
		expect(MinutesDocumentSchema.parse(doc)).toEqual(doc);
	});

	it('stores text as NFC and trimmed, whatever the keyboard sent', () => {
		const doc = complete();
		const decomposed = '  Đơn vị thống nhất với biên bản.  '.normalize('NFD');
		doc.unitComments = [decomposed];
		const parsed = MinutesDocumentSchema.parse(doc);
		expect(parsed.unitComments[0]).toBe('Đơn vị thống nhất với biên bản.'.normalize('NFC'));
		expect(parsed.unitComments[0]).not.toBe(decomposed.trim());
	});

	it('rejects unknown fields at any depth', () => {
		const doc = complete();
		expect(MinutesDocumentSchema.safeParse({ ...doc, extra: 1 }).success).toBe(false);
		const header = { ...doc.header, logo: 'x' };
		expect(MinutesDocumentSchema.safeParse({ ...doc, header }).success).toBe(false);
	});

	it('rejects times that are not HH:mm on a 24-hour clock', () => {
		for (const endTime of ['8:30', '24:00', '11:60', '11h40', '']) {
			const doc = complete();
			doc.closing.endTime = endTime;
			expect(MinutesDocumentSchema.safeParse(doc).success, endTime).toBe(false);
		}
	});

	it('takes signature images only as PNG data URLs', () => {
		const doc = complete();
		const block = doc.signatures[0]!;
		block.signature = {
			status: 'signed',
			image: 'data:image/jpeg;base64,AAAA',
			signedAt: '2025-11-20T04:45:00.000Z'
		};
		expect(MinutesDocumentSchema.safeParse(doc).success).toBe(false);
	});

	it('wants a reason for a refusal', () => {
		const doc = complete();
		doc.signatures[2]!.signature = { status: 'refused', reason: ' ', at: '2025-11-20T04:47:00Z' };
		expect(MinutesDocumentSchema.safeParse(doc).success).toBe(false);
	});

	it('rejects the same photo twice and a period that ends before it starts', () => {
		const doc = complete();
		doc.annexes.photos.push(doc.annexes.photos[0]!);
		expect(MinutesDocumentSchema.safeParse(doc).success).toBe(false);
		const other = complete();
		other.opening.periodFrom = '2025-11-01';
		const issues = MinutesDocumentSchema.safeParse(other).error?.issues ?? [];
		expect(issues.map((i) => i.message)).toContain('period-order');
	});
});

describe('validateForSigning', () => {
	it('finds nothing missing in the completed sample', () => {
		expect(validateForSigning(complete())).toEqual([]);
	});

	it('lists everything the draft still lacks, in document order', () => {
		const draft = draftMinutes(sampleInput());
		expect(keys(draft)).toEqual([
			'no-unit-representative',
			'signer-name-missing',
			'unit-comments-missing',
			// F3 failed with no finding written, and the closing report-back: nobody set a date.
			'action-deadline-missing',
			'action-deadline-missing',
			'end-time-missing'
		]);
		const nameless = validateForSigning(draft).find((i) => i.key === 'signer-name-missing');
		expect(nameless?.path).toEqual(['signatures', 0, 'name']);
	});

	it('names every action without a deadline or responsible party', () => {
		const doc = complete();
		doc.conclusions.actions[1]!.deadline = null;
		doc.conclusions.actions[2]!.responsibleParty = '';
		doc.conclusions.actions[3]!.deadline = '2025-11-19';
		const issues = validateForSigning(doc);
		expect(issues.map((i) => [i.key, i.params?.n])).toEqual([
			['action-deadline-missing', 2],
			['action-responsible-missing', 3],
			['action-deadline-before-visit', 4]
		]);
	});

	it('wants a start and an end, in that order, and the decision setting up the delegation', () => {
		const doc = complete();
		doc.closing.endTime = '08:00';
		expect(keys(doc)).toEqual(['end-before-start']);
		doc.closing.endDate = '2025-11-21';
		expect(keys(doc)).toEqual([]);
		doc.opening.startTime = null;
		doc.grounds.decision.number = '';
		expect(keys(doc)).toEqual(['decision-missing', 'start-time-missing']);
	});

	it('wants a head of delegation and blocks for the head and the unit to sign', () => {
		const doc = complete();
		doc.signatures = doc.signatures.filter((s) => s.party !== 'unit');
		expect(keys(doc)).toEqual(['no-unit-signer']);
		const headless = complete();
		headless.signatures = headless.signatures.filter((s) => s.memberId !== 'm-ha');
		expect(keys(headless)).toEqual(['no-head-signer']);
		const leaderless = complete();
		leaderless.participants.delegation = leaderless.participants.delegation.filter(
			(m) => m.role !== 'truong-doan'
		);
		expect(keys(leaderless)).toContain('no-delegation-head');
	});

	it('catches a finding that points at a photo not in annex 01', () => {
		const doc = complete();
		doc.annexes.photos = doc.annexes.photos.slice(1);
		const issue = validateForSigning(doc).find((i) => i.key === 'photo-not-in-annex');
		expect(issue?.params).toEqual({ finding: 'B1' });
	});

	it('wants at least two copies and someone to send them to', () => {
		const doc = complete();
		doc.closing.copies = 1;
		doc.recipients = [];
		expect(keys(doc)).toEqual(['copies-too-few', 'recipients-missing']);
	});

	it('turns schema problems into issues instead of throwing', () => {
		const doc = complete();
		doc.opening.startTime = '8h';
		expect(validateForSigning(doc)).toEqual([
			{ key: 'invalid', path: ['opening', 'startTime'], params: { field: 'opening.startTime' } }
		]);
	});

	it('words every issue in Vietnamese and English', () => {
		const draft = draftMinutes(sampleInput());
		draft.conclusions.actions[0]!.responsibleParty = '';
		for (const issue of validateForSigning(draft)) {
			const vi = signingIssueMessage(issue, 'vi');
			const en = signingIssueMessage(issue, 'en');
			expect(vi).not.toMatch(/[{}]/);
			expect(en).not.toMatch(/[{}]/);
			expect(vi).not.toBe(en);
		}
		const issue = { key: 'action-deadline-missing' as const, path: [], params: { n: 3 } };
		expect(signingIssueMessage(issue, 'vi')).toBe('Yêu cầu số 3 chưa có thời hạn.');
		expect(signingIssueMessage(issue, 'en')).toBe('Required action 3 has no deadline.');
	});
});
