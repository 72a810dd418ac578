import { describe, expect, it } from 'vitest';
import { inspectionProgress, isVisible, nextUnanswered, sectionProgress } from './progress';
import type { Template } from './template';
import { answerMap, makeAnswer, makeItem, makeSection, makeTemplate } from './test-factories';

/**
 * section-1: a, b (pass/fail, weights 2 and 1), c (count, shown when a fails)
 * section-2: d (choice), e (text, optional, shown when d is "dien-tu"), f (pass/fail, weight 5,
 * shown when d is "giay")
 */
const template: Template = makeTemplate({
	sections: [
		makeSection({
			id: 'section-1',
			items: [
				makeItem({ id: 'a', weight: 2 }),
				makeItem({ id: 'b', weight: 1 }),
				makeItem({
					id: 'c',
					answerType: 'number',
					weight: 0,
					condition: { itemId: 'a', anyOf: ['fail'] }
				})
			]
		}),
		makeSection({
			id: 'section-2',
			items: [
				makeItem({
					id: 'd',
					answerType: 'choice',
					weight: 0,
					choices: [
						{ id: 'giay', label: { vi: 'Giấy' } },
						{ id: 'dien-tu', label: { vi: 'Điện tử' } }
					]
				}),
				makeItem({
					id: 'e',
					answerType: 'text',
					required: false,
					weight: 0,
					condition: { itemId: 'd', anyOf: ['dien-tu'] }
				}),
				makeItem({ id: 'f', weight: 5, condition: { itemId: 'd', anyOf: ['giay'] } })
			]
		})
	]
});
const [s1, s2] = template.sections as [Template['sections'][0], Template['sections'][0]];
const item = (id: string) => template.sections.flatMap((s) => s.items).find((i) => i.id === id)!;

const pass = (id: string) => makeAnswer(id, { result: 'pass' });
const fail = (id: string) => makeAnswer(id, { result: 'fail' });
const na = (id: string) => makeAnswer(id, { result: 'na' });
const value = (id: string, v: number | string) => makeAnswer(id, { value: v });

describe('isVisible', () => {
	it('shows an item without a condition', () => {
		expect(isVisible(item('a'), answerMap())).toBe(true);
	});

	it('hides a conditional item until the other item is answered', () => {
		expect(isVisible(item('c'), answerMap())).toBe(false);
		expect(isVisible(item('c'), answerMap(makeAnswer('a')))).toBe(false);
	});

	it('follows the result of a pass/fail item', () => {
		expect(isVisible(item('c'), answerMap(fail('a')))).toBe(true);
		expect(isVisible(item('c'), answerMap(pass('a')))).toBe(false);
		expect(isVisible(item('c'), answerMap(na('a')))).toBe(false);
	});

	it('follows the value of a choice item', () => {
		expect(isVisible(item('e'), answerMap(value('d', 'dien-tu')))).toBe(true);
		expect(isVisible(item('e'), answerMap(value('d', 'giay')))).toBe(false);
		expect(isVisible(item('f'), answerMap(value('d', 'giay')))).toBe(true);
	});

	it('ignores numeric values', () => {
		const onNumber = makeItem({ id: 'x', condition: { itemId: 'c', anyOf: ['5'] } });
		expect(isVisible(onNumber, answerMap(value('c', 5)))).toBe(false);
		expect(isVisible(onNumber, answerMap(value('c', '5')))).toBe(true);
	});

	it('accepts any of several answers', () => {
		const either = makeItem({ id: 'x', condition: { itemId: 'a', anyOf: ['fail', 'na'] } });
		expect(isVisible(either, answerMap(na('a')))).toBe(true);
		expect(isVisible(either, answerMap(fail('a')))).toBe(true);
		expect(isVisible(either, answerMap(pass('a')))).toBe(false);
	});

	it('hides an item whose parent is hidden, even if the parent kept an old answer', () => {
		const x = makeItem({ id: 'x' });
		const y = makeItem({ id: 'y', condition: { itemId: 'x', anyOf: ['fail'] } });
		const z = makeItem({ id: 'z', condition: { itemId: 'y', anyOf: ['fail'] } });
		const items = [x, y, z];
		const stale = answerMap(pass('x'), fail('y'));
		expect(isVisible(y, stale, items)).toBe(false);
		expect(isVisible(z, stale, items)).toBe(false);
		const live = answerMap(fail('x'), fail('y'));
		expect(isVisible(z, live, items)).toBe(true);
	});

	it('terminates on a cycle in the data', () => {
		const p = makeItem({ id: 'p', condition: { itemId: 'q', anyOf: ['pass'] } });
		const q = makeItem({ id: 'q', condition: { itemId: 'p', anyOf: ['pass'] } });
		expect(isVisible(p, answerMap(pass('p'), pass('q')), [p, q])).toBe(true);
		expect(isVisible(p, answerMap(pass('q')), [p, q])).toBe(false);
	});
});

describe('sectionProgress', () => {
	it('counts nothing answered and scores null', () => {
		expect(sectionProgress(s1, answerMap())).toEqual({
			sectionId: 'section-1',
			visible: 2,
			answered: 0,
			pass: 0,
			fail: 0,
			na: 0,
			requiredMissing: ['a', 'b'],
			score: null
		});
	});

	it('weighs the score by item weight', () => {
		const p = sectionProgress(s1, answerMap(pass('a'), fail('b')));
		expect(p).toMatchObject({ visible: 2, answered: 2, pass: 1, fail: 1, na: 0 });
		expect(p.requiredMissing).toEqual([]);
		expect(p.score).toBeCloseTo((2 / 3) * 100);
		expect(sectionProgress(s1, answerMap(fail('a'), pass('b'))).score).toBeCloseTo(100 / 3);
	});

	it('scores 100 and 0 at the extremes', () => {
		expect(sectionProgress(s1, answerMap(pass('a'), pass('b'))).score).toBe(100);
		expect(sectionProgress(s1, answerMap(fail('a'), fail('b'))).score).toBe(0);
	});

	it('leaves N/A out of the score', () => {
		const p = sectionProgress(s1, answerMap(na('a'), pass('b')));
		expect(p).toMatchObject({ answered: 2, pass: 1, na: 1, score: 100 });
		expect(sectionProgress(s1, answerMap(na('a'), na('b'))).score).toBeNull();
	});

	it('scores null when only weightless items were judged', () => {
		const s = makeSection({ items: [makeItem({ id: 'w', weight: 0 })] });
		expect(sectionProgress(s, answerMap(pass('w'))).score).toBeNull();
	});

	it('counts a conditional item once shown, and lists it while required and empty', () => {
		const p = sectionProgress(s1, answerMap(fail('a'), na('b')));
		expect(p).toMatchObject({ visible: 3, answered: 2, pass: 0, fail: 1, na: 1, score: 0 });
		expect(p.requiredMissing).toEqual(['c']);
		const done = sectionProgress(s1, answerMap(fail('a'), na('b'), value('c', 0)));
		expect(done).toMatchObject({ visible: 3, answered: 3, requiredMissing: [] });
	});

	it('leaves optional items out of requiredMissing', () => {
		const p = sectionProgress(s2, answerMap(value('d', 'dien-tu')));
		expect(p).toMatchObject({ visible: 2, answered: 1, requiredMissing: [] });
	});

	it('ignores answers on hidden items', () => {
		const p = sectionProgress(s2, answerMap(value('d', 'dien-tu'), fail('f')));
		expect(p).toMatchObject({ visible: 2, answered: 1, fail: 0, score: null });
	});

	it('does not count an answer without a value as answered', () => {
		const p = sectionProgress(s2, answerMap(value('d', '')));
		expect(p).toMatchObject({ visible: 1, answered: 0, requiredMissing: ['d'] });
	});
});

describe('inspectionProgress', () => {
	it('starts at 0 percent', () => {
		const p = inspectionProgress(template, answerMap());
		expect(p).toMatchObject({ visible: 3, answered: 0, percent: 0, fail: 0 });
		expect(p.sections.map((s) => s.sectionId)).toEqual(['section-1', 'section-2']);
	});

	it('adds up the sections', () => {
		const p = inspectionProgress(template, answerMap(fail('a'), pass('b')));
		expect(p).toMatchObject({ visible: 4, answered: 2, percent: 50, fail: 1 });
	});

	it('rounds the percent down, so 100% means every visible item is answered', () => {
		expect(inspectionProgress(template, answerMap(pass('a'))).percent).toBe(33);
		expect(inspectionProgress(template, answerMap(pass('a'), pass('b'))).percent).toBe(66);
	});

	it('reaches 100 percent when every visible item is answered', () => {
		const p = inspectionProgress(
			template,
			answerMap(pass('a'), fail('b'), value('d', 'giay'), fail('f'))
		);
		expect(p).toMatchObject({ visible: 4, answered: 4, percent: 100, fail: 2 });
	});

	it('is 0 percent when nothing is visible', () => {
		const t = makeTemplate({
			sections: [
				makeSection({
					items: [
						makeItem({ id: 'p', condition: { itemId: 'q', anyOf: ['pass'] } }),
						makeItem({ id: 'q', condition: { itemId: 'p', anyOf: ['pass'] } })
					]
				})
			]
		});
		expect(inspectionProgress(t, answerMap())).toMatchObject({ visible: 0, percent: 0 });
	});

	it('follows conditions across sections', () => {
		const t = makeTemplate({
			sections: [
				makeSection({ id: 's1', items: [makeItem({ id: 'x' })] }),
				makeSection({
					id: 's2',
					items: [makeItem({ id: 'y', condition: { itemId: 'x', anyOf: ['fail'] } })]
				}),
				makeSection({
					id: 's3',
					items: [makeItem({ id: 'z', condition: { itemId: 'y', anyOf: ['fail'] } })]
				})
			]
		});
		expect(inspectionProgress(t, answerMap(fail('x'), fail('y')))).toMatchObject({
			visible: 3,
			answered: 2
		});
		// y keeps its answer after x flips to pass, but y and z are no longer on screen.
		expect(inspectionProgress(t, answerMap(pass('x'), fail('y')))).toMatchObject({
			visible: 1,
			answered: 1,
			percent: 100,
			fail: 0
		});
	});
});

describe('nextUnanswered', () => {
	it('starts at the first item', () => {
		expect(nextUnanswered(template, answerMap())?.id).toBe('a');
	});

	it('moves on from the given item', () => {
		expect(nextUnanswered(template, answerMap(), 'a')?.id).toBe('b');
		expect(nextUnanswered(template, answerMap(pass('a')))?.id).toBe('b');
	});

	it('skips hidden and answered items, across sections', () => {
		expect(nextUnanswered(template, answerMap(pass('a'), pass('b')), 'a')?.id).toBe('d');
		expect(nextUnanswered(template, answerMap(fail('a'), pass('b')), 'a')?.id).toBe('c');
	});

	it('wraps round to the start', () => {
		const answers = answerMap(pass('b'), value('d', 'giay'), pass('f'));
		expect(nextUnanswered(template, answers, 'f')?.id).toBe('a');
		expect(nextUnanswered(template, answers, 'd')?.id).toBe('a');
	});

	it('comes back to the given item when it is the only one left', () => {
		const answers = answerMap(pass('b'), value('d', 'giay'), pass('f'));
		expect(nextUnanswered(template, answers, 'a')?.id).toBe('a');
	});

	it('stops on optional items too', () => {
		const answers = answerMap(pass('a'), pass('b'), value('d', 'dien-tu'));
		expect(nextUnanswered(template, answers, 'b')?.id).toBe('e');
	});

	it('starts from the top when the given item is unknown', () => {
		expect(nextUnanswered(template, answerMap(), 'ghost')?.id).toBe('a');
	});

	it('is null when every visible item is answered', () => {
		expect(
			nextUnanswered(template, answerMap(pass('a'), pass('b'), value('d', 'giay'), na('f')))
		).toBeNull();
	});

	it('does not stop on an item hidden behind a hidden parent', () => {
		const t = makeTemplate({
			sections: [
				makeSection({
					items: [
						makeItem({ id: 'x' }),
						makeItem({ id: 'y', condition: { itemId: 'x', anyOf: ['fail'] } }),
						makeItem({ id: 'z', condition: { itemId: 'y', anyOf: ['fail'] } })
					]
				})
			]
		});
		expect(nextUnanswered(t, answerMap(pass('x'), fail('y')))).toBeNull();
		expect(nextUnanswered(t, answerMap(fail('x'), fail('y')))?.id).toBe('z');
	});
});
