import { z } from 'zod';
import { LegalRefSchema } from './legal';
import { IdSchema, LocalizedSchema } from './text';

/**
 * A checklist template is data, frozen per (id, version): an inspection records which version it
 * was started with and keeps using it even after a newer version ships.
 */
export const ResultSchema = z.enum(['pass', 'fail', 'na']);
export type Result = z.infer<typeof ResultSchema>;

export const AnswerTypeSchema = z.enum(['pass-fail-na', 'number', 'text', 'date', 'choice']);
export type AnswerType = z.infer<typeof AnswerTypeSchema>;

export const PhotoExpectationSchema = z.enum(['expected', 'on-fail', 'none']);

/** A secondary value recorded with a pass/fail item, e.g. "số TTHC niêm yết sai". */
export const ValueFieldSchema = z.strictObject({
	type: z.enum(['number', 'text', 'date']),
	label: LocalizedSchema,
	/** Numbers: 'count' is a non-negative integer, 'percent' is 0–100 with decimals. */
	numberKind: z.enum(['count', 'percent']).optional(),
	/** Dates: false for facts that usually predate the period (the latest publication decision). */
	withinPeriod: z.boolean().optional()
});
export type ValueField = z.infer<typeof ValueFieldSchema>;

export const ConditionSchema = z.strictObject({
	itemId: IdSchema,
	/** The item is shown only when the other item's result or choice is one of these. */
	anyOf: z.array(z.string().min(1)).min(1)
});
export type Condition = z.infer<typeof ConditionSchema>;

export const ChoiceSchema = z.strictObject({ id: IdSchema, label: LocalizedSchema });

export const TemplateItemSchema = z
	.strictObject({
		id: IdSchema,
		text: LocalizedSchema,
		hint: LocalizedSchema.optional(),
		legalRefs: z.array(LegalRefSchema).min(1),
		answerType: AnswerTypeSchema,
		valueField: ValueFieldSchema.optional(),
		choices: z.array(ChoiceSchema).optional(),
		photo: PhotoExpectationSchema,
		required: z.boolean(),
		condition: ConditionSchema.optional(),
		weight: z.number().min(0).max(100)
	})
	.refine((i) => i.answerType !== 'choice' || (i.choices?.length ?? 0) >= 2, {
		message: 'a choice item needs at least two choices',
		path: ['choices']
	});
export type TemplateItem = z.infer<typeof TemplateItemSchema>;

export const TemplateSectionSchema = z.strictObject({
	id: IdSchema,
	title: LocalizedSchema,
	items: z.array(TemplateItemSchema).min(1)
});
export type TemplateSection = z.infer<typeof TemplateSectionSchema>;

export const TemplateSchema = z
	.strictObject({
		id: IdSchema,
		version: z.int().positive(),
		title: LocalizedSchema,
		legalCatalogId: IdSchema,
		indicatorSetId: IdSchema,
		sections: z.array(TemplateSectionSchema).min(1)
	})
	.superRefine((t, ctx) => {
		const ids = new Set<string>();
		for (const s of t.sections) {
			for (const i of s.items) {
				if (ids.has(i.id)) ctx.addIssue({ code: 'custom', message: `duplicate item id ${i.id}` });
				ids.add(i.id);
			}
		}
		for (const s of t.sections) {
			for (const i of s.items) {
				if (i.condition && !ids.has(i.condition.itemId)) {
					ctx.addIssue({
						code: 'custom',
						message: `item ${i.id} depends on unknown item ${i.condition.itemId}`
					});
				}
			}
		}
	});
export type Template = z.infer<typeof TemplateSchema>;

export function templateItems(t: Template): TemplateItem[] {
	return t.sections.flatMap((s) => s.items);
}

export function findItem(t: Template, itemId: string): TemplateItem | undefined {
	return templateItems(t).find((i) => i.id === itemId);
}
