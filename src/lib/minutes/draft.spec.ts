import { FINDING_IDS, SAMPLE_PHOTOS } from '$fixtures/minutes/sample-data';
import { sampleInput, samplePhotos } from '$fixtures/minutes/sample';
import { describe, expect, it } from 'vitest';
import { draftMinutes, type DraftInput } from './draft';
import type { MinutesDocument, MinutesFinding } from './model';

const photos = samplePhotos();
const hashOf = (file: string) => photos.find((p) => p.photo.fileName === file)!.photo.sha256;

function findings(doc: MinutesDocument): MinutesFinding[] {
	return doc.results.shortcomings.flatMap((g) => g.findings);
}

function byItem(doc: MinutesDocument, itemId: string): MinutesFinding {
	const found = findings(doc).find((f) => f.itemId === itemId);
	if (!found) throw new Error(`no finding for ${itemId}`);
	return found;
}

describe('draftMinutes from the sample inspection', () => {
	const input = sampleInput(photos);
	const doc = draftMinutes(input);

	it('heads the minutes with the delegation and the ward', () => {
		expect(doc.header).toEqual({
			governingBody: 'UBND thành phố Hà Nội',
			issuingBody: 'Đoàn kiểm tra công tác cải cách hành chính năm 2025',
			number: '5',
			symbol: 'BB-ĐKT',
			placeDate: null
		});
		expect(doc.title).toBe('BIÊN BẢN KIỂM TRA');
		expect(doc.subtitle).toBe(
			'Công tác kiểm soát TTHC, thực hiện cơ chế một cửa, một cửa liên thông và số hóa hồ sơ tại UBND phường Bạch Mai'
		);
		expect(doc.grounds.decision).toEqual({
			number: '3125/QĐ-UBND',
			date: '2025-10-28',
			issuer: 'Chủ tịch UBND thành phố Hà Nội',
			subject: 'về việc thành lập Đoàn kiểm tra'
		});
		expect(doc.opening).toMatchObject({
			date: '2025-11-20',
			startTime: '08:30',
			place: 'trụ sở UBND phường Bạch Mai',
			periodFrom: '2025-07-01',
			periodTo: '2025-10-31'
		});
	});

	it('lists the delegation by role, head first and secretary last, and leaves the unit to fill in', () => {
		expect(doc.participants.delegation.map((m) => m.role)).toEqual([
			'truong-doan',
			'pho-truong-doan',
			'thanh-vien',
			'thanh-vien',
			'thu-ky'
		]);
		expect(doc.participants.unit).toEqual([]);
		expect(doc.signatures.map((s) => [s.party, s.name])).toEqual([
			['unit', ''],
			['delegation', 'Nguyễn Thị Thu Hà'],
			['delegation', 'Phạm Ngọc Lan']
		]);
	});

	it('turns every failed item into a shortcoming under its section, in checklist order', () => {
		expect(
			doc.results.shortcomings.map((g) => [g.sectionId, g.findings.map((f) => f.itemId)])
		).toEqual([
			['B', ['B1', 'B5']],
			['C', ['C4']],
			['D', ['D6']],
			['E', ['E1']],
			['F', ['F3']]
		]);
		expect(byItem(doc, 'B1').id).toBe(FINDING_IDS.B1);
		expect(byItem(doc, 'B1').description).toBe(input.findings[0]!.description);
	});

	it('cites the legal bases in force on the visit date when the finding names none', () => {
		// NĐ 61/2018 ended on 30/6/2025; NĐ 118/2025 replaced it from 01/7/2025.
		expect(byItem(doc, 'B1').legalBasis).toBe(
			'NĐ 63/2010/NĐ-CP; NĐ 92/2017/NĐ-CP; TT 02/2017/TT-VPCP; NĐ 118/2025/NĐ-CP'
		);
		expect(byItem(doc, 'B5').legalBasis).toBe(
			'NĐ 20/2008/NĐ-CP (sửa đổi, bổ sung bởi NĐ 92/2017/NĐ-CP); TT 02/2017/TT-VPCP'
		);
		expect(byItem(doc, 'D6').legalBasis).toContain('Mẫu số 04 Phụ lục I TT 03/2025/TT-VPCP');
	});

	it('cites NĐ 61/2018 for a visit before July 2025', () => {
		const early = sampleInput(photos);
		early.inspection = {
			...early.inspection,
			periodFrom: '2025-01-01',
			periodTo: '2025-03-31',
			visitDate: '2025-04-15'
		};
		expect(byItem(draftMinutes(early), 'B1').legalBasis).toContain('Điều 14 NĐ 61/2018/NĐ-CP');
		expect(byItem(draftMinutes(early), 'B1').legalBasis).not.toContain('118/2025');
	});

	it('words a failed item nobody wrote a finding for from its question and note', () => {
		const f3 = byItem(doc, 'F3');
		expect(f3.id).toBe('item-F3');
		expect(f3.description).toBe(
			'Tiêu chí “Hòm thư góp ý có được mở định kỳ và có biên bản mỗi lần mở không?” được đánh giá không đạt. Ghi nhận: Không có biên bản mở hòm thư trong quý III/2025.'
		);
		expect(f3.legalBasis).toBe('Quy chế/quy tắc ứng xử của địa phương');
	});

	it('refers each shortcoming to its photos: the item’s and the finding’s own', () => {
		expect(byItem(doc, 'B1').photoRefs).toEqual([hashOf('bang-niem-yet.jpg')]);
		expect(byItem(doc, 'B5').photoRefs).toEqual([hashOf('thong-bao-pakn.jpg')]);
		expect(byItem(doc, 'C4').photoRefs).toEqual([hashOf('may-danh-gia.jpg')]);
		expect(byItem(doc, 'E1').photoRefs).toEqual([]);
		expect(byItem(doc, 'F3').photoRefs).toEqual([hashOf('hom-thu-gop-y.jpg')]);
	});

	it('puts every photo in annex 01 in checklist order, with its item, time and place', () => {
		expect(doc.annexes.photos.map((p) => p.itemId)).toEqual(['B1', 'B5', 'C1', 'C4', 'D5', 'F3']);
		const portrait = doc.annexes.photos[3]!;
		expect(portrait).toMatchObject({
			width: 768,
			height: 1024,
			sha256: hashOf('may-danh-gia.jpg')
		});
		expect(portrait.caption).toBe(SAMPLE_PHOTOS[3]!.caption);
		expect(portrait.location).toEqual({ lat: 21.00095, lon: 105.84905 });
	});

	it('asks for each finding’s action, with its party and deadline, then a report back', () => {
		const actions = doc.conclusions.actions;
		expect(actions.map((a) => [a.findingIds, a.deadline])).toEqual([
			[[FINDING_IDS.B1], '2025-11-30'],
			[[FINDING_IDS.B5], '2025-11-30'],
			[[FINDING_IDS.C4], '2025-12-15'],
			[[FINDING_IDS.D6], '2025-12-31'],
			[[FINDING_IDS.E1], '2025-12-31'],
			[['item-F3'], null],
			[[], null]
		]);
		// C4's finding names no party: the unit is responsible.
		expect(actions[2]!.responsibleParty).toBe('UBND phường Bạch Mai');
		expect(actions[5]!.text).toBe('Khắc phục tồn tại tại tiêu chí F3');
		expect(doc.conclusions.summary[0]).toContain('còn 6 tiêu chí không đạt');
	});

	it('gives the ratios in part III and every count in annex 03, worded the Vietnamese way', () => {
		const onTime = doc.results.figures.find((r) =>
			r.label.startsWith('Tỷ lệ hồ sơ giải quyết trước hạn')
		);
		// (2810 + 890) / 3746
		expect(onTime).toEqual({ code: 'H5', label: onTime!.label, value: '98,8%' });
		const direct = doc.annexes.indicators.find((r) => r.label.endsWith('trực tiếp'));
		expect(direct?.value).toBe('1.460');
		expect(doc.annexes.indicators.find((r) => r.code === 'H17')?.value).toBe('84,5');
		expect(doc.annexes.indicators).toHaveLength(
			input.indicatorSet.counts.length + input.indicatorSet.ratios.length
		);
	});

	it('lists the checklist as answered, leaving out items hidden by their condition', () => {
		const rows = doc.annexes.checklist.flatMap((s) => s.rows);
		expect(rows.map((r) => r.itemId)).not.toContain('A2a');
		expect(rows.find((r) => r.itemId === 'D6a')?.detail).toBe('15');
		expect(rows.find((r) => r.itemId === 'A0')?.detail).toBe(
			'Bộ phận Một cửa thuộc UBND xã/phường'
		);
		expect(rows.find((r) => r.itemId === 'E1')).toMatchObject({
			result: 'fail',
			detail: 'Tỷ lệ hồ sơ được số hóa khi tiếp nhận (%): 89,2%'
		});
		expect(rows.find((r) => r.itemId === 'A4')?.detail).toBe(
			'Ngày gửi báo cáo định kỳ gần nhất: 05/10/2025'
		);
	});

	it('is pure: the same input gives the same draft and is left untouched', () => {
		const again = sampleInput(photos);
		const before = structuredClone({ ...again, answers: [...again.answers] });
		expect(draftMinutes(again)).toEqual(doc);
		expect({ ...again, answers: [...again.answers] }).toEqual(before);
	});
});

describe('draftMinutes edge cases', () => {
	function withPhotos(edit: (input: DraftInput) => void): MinutesDocument {
		const input = sampleInput(photos);
		edit(input);
		return draftMinutes(input);
	}

	it('shows an annotated copy instead of its original, and never a deleted photo', () => {
		const doc = withPhotos((input) => {
			const [original, second] = input.photos;
			const copy = {
				...original!,
				id: '9c8b7a6d-5e4f-4a3b-8c2d-0000000000aa',
				sha256: 'a'.repeat(64),
				versionOf: original!.id
			};
			input.photos = [...input.photos.slice(2), { ...second!, deletedAt: second!.updatedAt }, copy];
		});
		const hashes = doc.annexes.photos.map((p) => p.sha256);
		expect(hashes).toContain('a'.repeat(64));
		expect(hashes).not.toContain(hashOf('bang-niem-yet.jpg'));
		expect(hashes).not.toContain(hashOf('thong-bao-pakn.jpg'));
		expect(byItem(doc, 'B1').photoRefs).toEqual(['a'.repeat(64)]);
	});

	it('keeps findings tied to no item at the end, under "Nội dung khác"', () => {
		const doc = withPhotos((input) => {
			input.findings = [
				...input.findings,
				{ ...input.findings[0]!, id: '7a1e0c2d-4b3f-4c5d-8e6f-0000000000ff', itemId: null }
			];
		});
		const last = doc.results.shortcomings.at(-1);
		expect(last?.sectionId).toBeNull();
		expect(last?.title).toBe('Nội dung khác');
		expect(last?.findings[0]?.legalBasis).toBe('');
	});

	it('normalises what it copies to NFC', () => {
		const doc = withPhotos((input) => {
			input.findings = input.findings.map((f) => ({
				...f,
				description: f.description.normalize('NFD')
			}));
			input.unit = { ...input.unit, name: input.unit.name.normalize('NFD') };
		});
		expect(byItem(doc, 'B1').description).toBe(sampleInput(photos).findings[0]!.description);
		expect(doc.opening.unitName).toBe('UBND phường Bạch Mai');
		expect(JSON.stringify(doc)).toBe(JSON.stringify(doc).normalize('NFC'));
	});

	it('says there is nothing to fix when nothing failed', () => {
		const doc = withPhotos((input) => {
			input.findings = [];
			input.answers = new Map(
				[...input.answers].map(([id, a]) => [
					id,
					a.result === 'fail' ? { ...a, result: 'pass' } : a
				])
			);
		});
		expect(doc.results.shortcomings).toEqual([]);
		expect(doc.conclusions.actions).toEqual([]);
		expect(doc.conclusions.summary[0]).toContain('thực hiện đạt yêu cầu');
	});
});
