import { describe, expect, it } from 'vitest';
import {
	TemplateItemSchema,
	TemplateSchema,
	TemplateSectionSchema,
	ValueFieldSchema,
	findItem,
	templateItems
} from './template';
import { makeItem, makeSection, makeTemplate } from './test-factories';

const choices = [
	{ id: 'a', label: { vi: 'Có' } },
	{ id: 'b', label: { vi: 'Không' } }
];

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }) {
	return result.error?.issues.map((i) => i.message) ?? [];
}

describe('TemplateItemSchema', () => {
	it('accepts a plain pass/fail item', () => {
		const item = makeItem();
		expect(TemplateItemSchema.parse(item)).toEqual(item);
	});

	it('accepts a pass/fail item with a secondary value, a hint and a condition', () => {
		const item = makeItem({
			hint: { vi: 'Đếm số TTHC niêm yết sai' },
			valueField: { type: 'number', label: { vi: 'Số TTHC sai' }, numberKind: 'count' },
			condition: { itemId: 'item-0', anyOf: ['fail'] }
		});
		expect(TemplateItemSchema.parse(item)).toEqual(item);
	});

	it('normalises item text to NFC', () => {
		const vi = 'Có sổ theo dõi hồ sơ';
		const out = TemplateItemSchema.parse(makeItem({ text: { vi: ` ${vi.normalize('NFD')} ` } }));
		expect(out.text.vi).toBe(vi);
	});

	it('rejects unknown fields', () => {
		expect(TemplateItemSchema.safeParse({ ...makeItem(), score: 3 }).success).toBe(false);
		const badRef = makeItem({ legalRefs: [{ instrumentId: 'x', page: 2 } as never] });
		expect(TemplateItemSchema.safeParse(badRef).success).toBe(false);
	});

	it('rejects wrong types and out-of-range values', () => {
		expect(TemplateItemSchema.safeParse({ ...makeItem(), required: 'yes' }).success).toBe(false);
		expect(TemplateItemSchema.safeParse({ ...makeItem(), answerType: 'yes-no' }).success).toBe(
			false
		);
		expect(TemplateItemSchema.safeParse({ ...makeItem(), photo: 'always' }).success).toBe(false);
		expect(TemplateItemSchema.safeParse(makeItem({ weight: -1 })).success).toBe(false);
		expect(TemplateItemSchema.safeParse(makeItem({ weight: 101 })).success).toBe(false);
		expect(TemplateItemSchema.safeParse(makeItem({ weight: 0 })).success).toBe(true);
	});

	it('needs at least one legal reference and a Vietnamese text', () => {
		expect(TemplateItemSchema.safeParse(makeItem({ legalRefs: [] })).success).toBe(false);
		expect(TemplateItemSchema.safeParse(makeItem({ text: { vi: '' } })).success).toBe(false);
	});

	it('needs at least two choices on a choice item', () => {
		const missing = TemplateItemSchema.safeParse(makeItem({ answerType: 'choice' }));
		expect(missing.success).toBe(false);
		expect(messages(missing)).toContain('a choice item needs at least two choices');
		const one = makeItem({ answerType: 'choice', choices: choices.slice(0, 1) });
		expect(TemplateItemSchema.safeParse(one).success).toBe(false);
		const empty = makeItem({ answerType: 'choice', choices: [] });
		expect(TemplateItemSchema.safeParse(empty).success).toBe(false);
		const two = makeItem({ answerType: 'choice', choices });
		expect(TemplateItemSchema.safeParse(two).success).toBe(true);
	});

	it('reports the missing choices on the choices path', () => {
		const r = TemplateItemSchema.safeParse(makeItem({ answerType: 'choice', choices: [] }));
		expect(r.error?.issues[0]?.path).toEqual(['choices']);
	});

	it('rejects a condition with no accepted answers or unknown fields', () => {
		const none = makeItem({ condition: { itemId: 'item-0', anyOf: [] } });
		expect(TemplateItemSchema.safeParse(none).success).toBe(false);
		const extra = makeItem({
			condition: { itemId: 'item-0', anyOf: ['fail'], not: true } as never
		});
		expect(TemplateItemSchema.safeParse(extra).success).toBe(false);
	});
});

describe('ValueFieldSchema', () => {
	it('accepts the three value types and rejects others', () => {
		for (const type of ['number', 'text', 'date'] as const) {
			expect(ValueFieldSchema.safeParse({ type, label: { vi: 'Giá trị' } }).success).toBe(true);
		}
		expect(ValueFieldSchema.safeParse({ type: 'choice', label: { vi: 'x' } }).success).toBe(false);
		expect(
			ValueFieldSchema.safeParse({ type: 'number', label: { vi: 'x' }, numberKind: 'ratio' })
				.success
		).toBe(false);
	});
});

describe('TemplateSectionSchema', () => {
	it('needs at least one item', () => {
		expect(TemplateSectionSchema.safeParse(makeSection()).success).toBe(true);
		expect(TemplateSectionSchema.safeParse(makeSection({ items: [] })).success).toBe(false);
	});
});

describe('TemplateSchema', () => {
	it('accepts a valid template', () => {
		const t = makeTemplate({
			sections: [
				makeSection({ items: [makeItem({ id: 'a' }), makeItem({ id: 'b' })] }),
				makeSection({
					id: 'section-2',
					items: [makeItem({ id: 'c', condition: { itemId: 'a', anyOf: ['fail'] } })]
				})
			]
		});
		expect(TemplateSchema.parse(t)).toEqual(t);
	});

	it('accepts a condition on an item further down', () => {
		const t = makeTemplate({
			sections: [
				makeSection({
					items: [
						makeItem({ id: 'a', condition: { itemId: 'b', anyOf: ['pass'] } }),
						makeItem({ id: 'b' })
					]
				})
			]
		});
		expect(TemplateSchema.safeParse(t).success).toBe(true);
	});

	it('rejects unknown fields, no sections and a bad version', () => {
		expect(TemplateSchema.safeParse({ ...makeTemplate(), author: 'x' }).success).toBe(false);
		expect(TemplateSchema.safeParse(makeTemplate({ sections: [] })).success).toBe(false);
		expect(TemplateSchema.safeParse(makeTemplate({ version: 0 })).success).toBe(false);
		expect(TemplateSchema.safeParse({ ...makeTemplate(), version: '1' }).success).toBe(false);
	});

	it('rejects duplicate item ids within a section', () => {
		const t = makeTemplate({
			sections: [makeSection({ items: [makeItem({ id: 'a' }), makeItem({ id: 'a' })] })]
		});
		const r = TemplateSchema.safeParse(t);
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['duplicate item id a']);
	});

	it('rejects duplicate item ids across sections', () => {
		const t = makeTemplate({
			sections: [
				makeSection({ items: [makeItem({ id: 'a' })] }),
				makeSection({ id: 'section-2', items: [makeItem({ id: 'a' })] })
			]
		});
		expect(messages(TemplateSchema.safeParse(t))).toEqual(['duplicate item id a']);
	});

	it('rejects a condition on an unknown item', () => {
		const t = makeTemplate({
			sections: [
				makeSection({
					items: [makeItem({ id: 'a', condition: { itemId: 'ghost', anyOf: ['fail'] } })]
				})
			]
		});
		const r = TemplateSchema.safeParse(t);
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['item a depends on unknown item ghost']);
	});

	it('rejects an invalid item deep inside', () => {
		const t = makeTemplate({
			sections: [makeSection({ items: [makeItem({ answerType: 'choice', choices: [] })] })]
		});
		expect(TemplateSchema.safeParse(t).success).toBe(false);
	});
});

describe('templateItems and findItem', () => {
	const t = makeTemplate({
		sections: [
			makeSection({ items: [makeItem({ id: 'a' }), makeItem({ id: 'b' })] }),
			makeSection({ id: 'section-2', items: [makeItem({ id: 'c' })] })
		]
	});

	it('lists items in template order across sections', () => {
		expect(templateItems(t).map((i) => i.id)).toEqual(['a', 'b', 'c']);
	});

	it('finds an item by id, or undefined', () => {
		expect(findItem(t, 'c')?.id).toBe('c');
		expect(findItem(t, 'zzz')).toBeUndefined();
	});
});
