import { describe, expect, it } from 'vitest';
import {
	InspectionSchema,
	MemberSchema,
	canMoveTo,
	isDateInPeriod,
	type InspectionStatus,
	type Member
} from './inspection';
import { makeInspection, makeMember } from './test-factories';

function messages(result: { error?: { issues: { message: string }[] } }) {
	return result.error?.issues.map((i) => i.message) ?? [];
}

describe('MemberSchema', () => {
	it('accepts a member and defaults the position to empty', () => {
		const noPosition: Partial<Member> = makeMember();
		delete noPosition.position;
		expect(MemberSchema.parse(noPosition).position).toBe('');
	});

	it('normalises the name and rejects an empty one', () => {
		const name = 'Nguyễn Thị Hồng';
		expect(MemberSchema.parse(makeMember({ name: ` ${name.normalize('NFD')}` })).name).toBe(name);
		expect(MemberSchema.safeParse(makeMember({ name: '  ' })).success).toBe(false);
	});

	it('rejects an unknown role and unknown fields', () => {
		expect(MemberSchema.safeParse({ ...makeMember(), role: 'khach' }).success).toBe(false);
		expect(MemberSchema.safeParse({ ...makeMember(), phone: '0900' }).success).toBe(false);
	});
});

describe('InspectionSchema', () => {
	it('accepts a valid inspection', () => {
		const i = makeInspection();
		expect(InspectionSchema.parse(i)).toEqual(i);
	});

	it('accepts a one-day period', () => {
		const i = makeInspection({ periodFrom: '2025-07-01', periodTo: '2025-07-01' });
		expect(InspectionSchema.safeParse(i).success).toBe(true);
	});

	it('rejects unknown fields', () => {
		expect(InspectionSchema.safeParse({ ...makeInspection(), score: 90 }).success).toBe(false);
	});

	it('rejects wrong types', () => {
		expect(InspectionSchema.safeParse({ ...makeInspection(), templateVersion: '1' }).success).toBe(
			false
		);
		expect(InspectionSchema.safeParse(makeInspection({ templateVersion: 0 })).success).toBe(false);
		expect(InspectionSchema.safeParse({ ...makeInspection(), status: 'done' }).success).toBe(false);
		expect(InspectionSchema.safeParse(makeInspection({ id: 'inspection-1' })).success).toBe(false);
		expect(InspectionSchema.safeParse({ ...makeInspection(), members: 'An' }).success).toBe(false);
	});

	it('rejects bad ISO dates', () => {
		expect(InspectionSchema.safeParse(makeInspection({ periodFrom: '2025-13-01' })).success).toBe(
			false
		);
		expect(InspectionSchema.safeParse(makeInspection({ visitDate: '15/08/2025' })).success).toBe(
			false
		);
		expect(
			InspectionSchema.safeParse(makeInspection({ createdAt: '2025-08-15T08:30:00' })).success
		).toBe(false);
	});

	it('rejects a period that ends before it starts', () => {
		const r = InspectionSchema.safeParse(
			makeInspection({ periodFrom: '2025-07-01', periodTo: '2025-06-30' })
		);
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['period-order']);
		expect(r.error?.issues[0]?.path).toEqual(['periodTo']);
	});

	it('rejects a delegation without a trưởng đoàn', () => {
		const r = InspectionSchema.safeParse(
			makeInspection({ members: [makeMember({ role: 'pho-truong-doan' })] })
		);
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['no-head']);
	});

	it('rejects a delegation with two trưởng đoàn', () => {
		const r = InspectionSchema.safeParse(
			makeInspection({ members: [makeMember(), makeMember({ id: 'm2', name: 'Lê Văn Cường' })] })
		);
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['two-heads']);
	});

	it('rejects no members or more than thirty', () => {
		expect(InspectionSchema.safeParse(makeInspection({ members: [] })).success).toBe(false);
		const many = [
			makeMember(),
			...Array.from({ length: 30 }, (_, k) => makeMember({ id: `m${k + 2}`, role: 'thanh-vien' }))
		];
		expect(InspectionSchema.safeParse(makeInspection({ members: many })).success).toBe(false);
		expect(InspectionSchema.safeParse(makeInspection({ members: many.slice(0, 30) })).success).toBe(
			true
		);
	});
});

describe('canMoveTo', () => {
	const allowed: [InspectionStatus, InspectionStatus][] = [
		['draft', 'in-progress'],
		['in-progress', 'completed'],
		['completed', 'in-progress']
	];
	const statuses: InspectionStatus[] = ['draft', 'in-progress', 'completed'];

	it.each(allowed)('allows %s → %s', (from, to) => {
		expect(canMoveTo(from, to)).toBe(true);
	});

	it('refuses every other move, including staying put', () => {
		for (const from of statuses) {
			for (const to of statuses) {
				const ok = allowed.some(([f, t]) => f === from && t === to);
				expect(canMoveTo(from, to), `${from} → ${to}`).toBe(ok);
			}
		}
		expect(canMoveTo('draft', 'completed')).toBe(false);
		expect(canMoveTo('completed', 'draft')).toBe(false);
	});
});

describe('isDateInPeriod', () => {
	const period = { periodFrom: '2025-01-01', periodTo: '2025-06-30' };

	it('includes both ends', () => {
		expect(isDateInPeriod('2025-01-01', period)).toBe(true);
		expect(isDateInPeriod('2025-06-30', period)).toBe(true);
		expect(isDateInPeriod('2025-03-15', period)).toBe(true);
	});

	it('excludes dates outside', () => {
		expect(isDateInPeriod('2024-12-31', period)).toBe(false);
		expect(isDateInPeriod('2025-07-01', period)).toBe(false);
	});
});
