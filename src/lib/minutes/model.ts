/**
 * The minutes (biên bản kiểm tra) as a document: drafted from the inspection, edited on the
 * device, then frozen and signed. It holds the words that get printed, not the inspection data
 * they came from, so what people read and sign is exactly what is stored and sealed. Structured
 * fields remain only where a rule reads them (times, who takes part, deadlines, photo hashes);
 * the fixed sentences around them (opening, closing) are composed from texts.ts at render time.
 *
 * Every string is NFC and trimmed on parse (domain/text.ts), since the seal hashes this object.
 * A draft may be incomplete (no end time yet, no unit representative); validateForSigning says
 * what is still missing before the content can be frozen.
 */
import { z } from 'zod';
import { MemberRoleSchema } from '$lib/domain/inspection';
import { Sha256Schema } from '$lib/domain/photo';
import { ResultSchema } from '$lib/domain/template';
import {
	IdSchema,
	IsoDateSchema,
	IsoDateTimeSchema,
	UuidSchema,
	nfc,
	requiredText
} from '$lib/domain/text';

export const MINUTES_SCHEMA_VERSION = 1;

/** A wall-clock time on the visit day, "HH:mm", as people write it in the minutes. */
export const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time-hh-mm');

/** What signature_pad's toDataURL gives; bounded so one stroke-heavy signature cannot bloat the seal. */
export const PngDataUrlSchema = z
	.string()
	.max(400_000)
	.regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'png-data-url');

const Paragraphs = z.array(requiredText(8000)).max(200);

export const HeaderSchema = z.strictObject({
	/** Ô2 first line, e.g. "UBND thành phố Hà Nội"; printed in capitals. */
	governingBody: requiredText(300),
	/** Ô2 second line, the body drawing up the minutes, e.g. "Đoàn kiểm tra công tác CCHC". */
	issuingBody: requiredText(300),
	/** The number, often filled in by the records office later; empty prints a blank. */
	number: nfc(20),
	/** The symbol after the number, e.g. "BB-ĐKT". */
	symbol: requiredText(50),
	/** Ô4, off by default (NĐ 30 Mẫu 1.9 has no place/date line; many offices add one). */
	placeDate: z.strictObject({ place: requiredText(200), date: IsoDateSchema }).nullable()
});

/** A document cited as a ground: "Quyết định số … ngày … của … về việc …". */
export const GroundSchema = z.strictObject({
	number: nfc(100),
	date: IsoDateSchema.nullable(),
	issuer: nfc(300),
	subject: nfc(500)
});
export type Ground = z.infer<typeof GroundSchema>;

export const PersonSchema = z.strictObject({
	id: IdSchema,
	/** Null prints "Ông/Bà": the inspection data does not record it. */
	honorific: z.enum(['ong', 'ba']).nullable(),
	name: requiredText(200),
	/** Position and organisation, e.g. "Phó Chủ tịch UBND phường Bạch Mai". */
	position: nfc(300)
});
export type Person = z.infer<typeof PersonSchema>;

export const DelegationParticipantSchema = PersonSchema.extend({ role: MemberRoleSchema });
export type DelegationParticipant = z.infer<typeof DelegationParticipantSchema>;

export const MinutesFindingSchema = z.strictObject({
	id: IdSchema,
	itemId: IdSchema.nullable(),
	description: requiredText(4000),
	legalBasis: nfc(1000),
	/** Photos in annex 01, by content hash; printed as "Ảnh số …" in annex order. */
	photoRefs: z.array(Sha256Schema).max(50)
});
export type MinutesFinding = z.infer<typeof MinutesFindingSchema>;

export const ShortcomingGroupSchema = z.strictObject({
	/** The checklist section; null for findings not tied to an item. */
	sectionId: IdSchema.nullable(),
	title: requiredText(300),
	findings: z.array(MinutesFindingSchema).min(1).max(200)
});
export type ShortcomingGroup = z.infer<typeof ShortcomingGroupSchema>;

/** A row of a figures table, already worded ("95,2%", "—"): the table is text once drafted. */
export const FigureRowSchema = z.strictObject({
	code: nfc(20),
	label: requiredText(500),
	value: nfc(50)
});
export type FigureRow = z.infer<typeof FigureRowSchema>;

export const ActionSchema = z.strictObject({
	id: IdSchema,
	text: requiredText(2000),
	responsibleParty: nfc(300),
	deadline: IsoDateSchema.nullable(),
	findingIds: z.array(IdSchema).max(200)
});
export type Action = z.infer<typeof ActionSchema>;

export const SignatureStateSchema = z.discriminatedUnion('status', [
	z.strictObject({ status: z.literal('pending') }),
	z.strictObject({
		status: z.literal('signed'),
		image: PngDataUrlSchema,
		signedAt: IsoDateTimeSchema
	}),
	z.strictObject({
		status: z.literal('refused'),
		reason: requiredText(1000),
		at: IsoDateTimeSchema
	})
]);
export type SignatureState = z.infer<typeof SignatureStateSchema>;

/**
 * One signer. Blocks are printed two to a row in list order (left, right, left, …), so the
 * usual layout is [unit representative, head of delegation, secretary, …].
 */
export const SignatureBlockSchema = z.strictObject({
	id: IdSchema,
	party: z.enum(['unit', 'delegation', 'other']),
	/** The delegation member this block is for, when it is one. */
	memberId: IdSchema.nullable(),
	/** First title line, printed in capitals, e.g. "Đại diện đơn vị được kiểm tra". */
	role: requiredText(200),
	/** Optional second line, e.g. "Phó Chủ tịch UBND phường". */
	title: nfc(200),
	/** Empty until known (the unit's representative is often named on the day). */
	name: nfc(200),
	signature: SignatureStateSchema
});
export type SignatureBlock = z.infer<typeof SignatureBlockSchema>;

export const AnnexPhotoSchema = z.strictObject({
	sha256: Sha256Schema,
	width: z.int().positive().max(100_000),
	height: z.int().positive().max(100_000),
	caption: nfc(500),
	itemId: IdSchema.nullable(),
	takenAt: IsoDateTimeSchema,
	location: z
		.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
		.nullable()
});
export type AnnexPhoto = z.infer<typeof AnnexPhotoSchema>;

export const ChecklistRowSchema = z.strictObject({
	itemId: IdSchema,
	question: requiredText(1000),
	result: ResultSchema.nullable(),
	/** The recorded value and note, worded. */
	detail: nfc(4000)
});
export type ChecklistRow = z.infer<typeof ChecklistRowSchema>;

export const ChecklistSectionSchema = z.strictObject({
	sectionId: IdSchema,
	title: requiredText(300),
	rows: z.array(ChecklistRowSchema).max(200)
});
export type ChecklistSection = z.infer<typeof ChecklistSectionSchema>;

export const MinutesDocumentSchema = z
	.strictObject({
		schemaVersion: z.literal(MINUTES_SCHEMA_VERSION),
		inspectionId: UuidSchema,
		header: HeaderSchema,
		title: requiredText(200),
		subtitle: requiredText(500),
		grounds: z.strictObject({
			/** The decision setting up the delegation. */
			decision: GroundSchema,
			/** The inspection plan, when there is one. */
			plan: GroundSchema.nullable(),
			others: Paragraphs
		}),
		opening: z.strictObject({
			date: IsoDateSchema,
			startTime: LocalTimeSchema.nullable(),
			place: nfc(500),
			/** What is inspected, in the sentence "tiến hành kiểm tra …", lower case. */
			subject: requiredText(500),
			unitName: requiredText(300),
			periodFrom: IsoDateSchema,
			periodTo: IsoDateSchema
		}),
		participants: z.strictObject({
			delegation: z.array(DelegationParticipantSchema).min(1).max(30),
			unit: z.array(PersonSchema).max(30),
			others: z.array(PersonSchema).max(30)
		}),
		scope: z.strictObject({ contents: Paragraphs, methods: Paragraphs }),
		results: z.strictObject({
			strengths: Paragraphs,
			shortcomings: z.array(ShortcomingGroupSchema).max(50),
			figures: z.array(FigureRowSchema).max(100)
		}),
		unitComments: Paragraphs,
		conclusions: z.strictObject({
			summary: Paragraphs,
			actions: z.array(ActionSchema).max(200)
		}),
		closing: z.strictObject({
			/** Null: the minutes end on the opening day ("cùng ngày"). */
			endDate: IsoDateSchema.nullable(),
			endTime: LocalTimeSchema.nullable(),
			copies: z.int().min(1).max(20),
			/** Who keeps the copies, e.g. "Đoàn kiểm tra giữ 02 bản, đơn vị được kiểm tra giữ 01 bản". */
			keptBy: nfc(500)
		}),
		signatures: z.array(SignatureBlockSchema).max(30),
		/** "Nơi nhận", without the leading "-" and the ";" or "." the layout adds. */
		recipients: z.array(requiredText(300)).max(30),
		annexes: z.strictObject({
			photos: z.array(AnnexPhotoSchema).max(500),
			checklist: z.array(ChecklistSectionSchema).max(50),
			indicators: z.array(FigureRowSchema).max(200)
		})
	})
	.superRefine((doc, ctx) => {
		if (doc.opening.periodFrom > doc.opening.periodTo) {
			ctx.addIssue({ code: 'custom', path: ['opening', 'periodTo'], message: 'period-order' });
		}
		const hashes = doc.annexes.photos.map((p) => p.sha256);
		if (new Set(hashes).size !== hashes.length) {
			ctx.addIssue({ code: 'custom', path: ['annexes', 'photos'], message: 'duplicate-photo' });
		}
		const blockIds = doc.signatures.map((s) => s.id);
		if (new Set(blockIds).size !== blockIds.length) {
			ctx.addIssue({ code: 'custom', path: ['signatures'], message: 'duplicate-block' });
		}
	});
export type MinutesDocument = z.infer<typeof MinutesDocumentSchema>;

export { validateForSigning, signingIssueMessage } from './signing-check';
export type { SigningIssue, SigningIssueKey } from './signing-check';
