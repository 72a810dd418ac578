/**
 * Drafts the minutes from what the delegation recorded. Pure: the caller reads the inspection,
 * its frozen template, answers, findings, counts and photo metadata (from Dexie on the device,
 * from fixtures in tests) and passes them in. The draft is a starting point the secretary edits;
 * anything the data cannot tell (the unit's representatives, the end time, deadlines nobody set)
 * is left empty for validateForSigning to point out, never guessed.
 */
import type { Answer } from '$lib/domain/answer';
import type { Finding } from '$lib/domain/finding';
import type { IndicatorSet } from '$lib/domain/indicator';
import type { IndicatorValues } from '$lib/domain/indicator-values';
import type { Inspection, Member, MemberRole } from '$lib/domain/inspection';
import type { LegalCatalog } from '$lib/domain/legal';
import type { Photo } from '$lib/domain/photo';
import { isVisible, sectionProgress } from '$lib/domain/progress';
import type { Template } from '$lib/domain/template';
import type { Unit } from '$lib/domain/unit';
import { draftActions, draftChecklist, draftFigures, draftShortcomings } from './draft-results';
import { annexPhotos, toAnnexPhoto } from './draft-evidence';
import {
	MINUTES_SCHEMA_VERSION,
	MinutesDocumentSchema,
	type Ground,
	type MinutesDocument,
	type SignatureBlock
} from './model';
import * as texts from './texts';

/** The delegation as the city office set it up (server `delegations` row plus its letterhead). */
export type DelegationInfo = {
	/** "Đoàn kiểm tra công tác cải cách hành chính" */
	name: string;
	/** The body that set the delegation up, e.g. "UBND thành phố Hà Nội". */
	governingBody: string;
	/** The code after "BB-" in the number; "ĐKT" when absent. */
	code?: string;
	decision: { number: string; date: string | null; issuer: string };
	plan?: Ground | null;
};

export type DraftInput = {
	inspection: Inspection;
	template: Template;
	legal: LegalCatalog;
	indicatorSet: IndicatorSet;
	/** By item id, as foldAnswers returns them. */
	answers: ReadonlyMap<string, Answer>;
	findings: readonly Finding[];
	indicatorValues: IndicatorValues | null;
	photos: readonly Photo[];
	unit: Unit;
	delegation: DelegationInfo;
	options?: {
		startTime?: string | null;
		number?: string;
		placeDate?: { place: string; date: string } | null;
		copies?: number;
	};
};

const ROLE_ORDER: MemberRole[] = ['truong-doan', 'pho-truong-doan', 'thanh-vien', 'thu-ky'];

function byRole(members: readonly Member[]): Member[] {
	return [...members].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
}

function placeOf(unit: Unit): string {
	return unit.kind === 'ubnd-phuong' || unit.kind === 'ubnd-xa' ? `trụ sở ${unit.name}` : unit.name;
}

/** Unit's representative, then the head; the secretary under the unit's block when there is one. */
function draftSignatures(members: readonly Member[]): SignatureBlock[] {
	const block = (m: Member): SignatureBlock => ({
		id: `member-${m.id}`,
		party: 'delegation',
		memberId: m.id,
		role: texts.SIGNER_ROLES[m.role],
		title: '',
		name: m.name,
		signature: { status: 'pending' }
	});
	const unit: SignatureBlock = {
		id: 'unit',
		party: 'unit',
		memberId: null,
		role: texts.SIGNER_ROLES.unit,
		title: '',
		name: '',
		signature: { status: 'pending' }
	};
	const head = members.find((m) => m.role === 'truong-doan');
	const secretary = members.find((m) => m.role === 'thu-ky');
	return [unit, ...(head ? [block(head)] : []), ...(secretary ? [block(secretary)] : [])];
}

function draftStrengths(input: DraftInput): string[] {
	const { template, answers, unit } = input;
	const items = template.sections.flatMap((s) => s.items);
	const progress = template.sections.map((s) => ({ s, p: sectionProgress(s, answers, items) }));
	const passed = progress.reduce((n, { p }) => n + p.pass, 0);
	const judged = progress.reduce((n, { p }) => n + p.pass + p.fail, 0);
	if (judged === 0) return [];
	return [
		texts.strengthsSummary(unit.name, passed, judged),
		...progress
			.filter(({ p }) => p.pass > 0 && p.fail === 0)
			.map(({ s }) => texts.sectionPassed(s.title.vi))
	];
}

export function draftMinutes(input: DraftInput): MinutesDocument {
	const { inspection, template, unit, delegation, options = {} } = input;
	const code = delegation.code ?? texts.DEFAULT_ISSUER_CODE;
	const copies = options.copies ?? 3;
	const annex = annexPhotos(input.photos, input.findings, template);
	const shortcomings = draftShortcomings(input, annex);
	const items = template.sections.flatMap((s) => s.items);
	const failed = items.filter(
		(i) => input.answers.get(i.id)?.result === 'fail' && isVisible(i, input.answers, items)
	).length;
	const members = byRole(inspection.members);

	const doc: MinutesDocument = {
		schemaVersion: MINUTES_SCHEMA_VERSION,
		inspectionId: inspection.id,
		header: {
			governingBody: delegation.governingBody,
			issuingBody: delegation.name,
			number: options.number ?? '',
			symbol: `BB-${code}`,
			placeDate: options.placeDate ?? null
		},
		title: texts.MINUTES_TITLE,
		subtitle: texts.subtitle(template.title.vi, unit.name),
		grounds: {
			decision: { ...delegation.decision, subject: 'về việc thành lập Đoàn kiểm tra' },
			plan: delegation.plan ?? null,
			others: []
		},
		opening: {
			date: inspection.visitDate,
			startTime: options.startTime ?? null,
			place: placeOf(unit),
			subject: texts.openingSubject(template.title.vi),
			unitName: unit.name,
			periodFrom: inspection.periodFrom,
			periodTo: inspection.periodTo
		},
		participants: {
			delegation: members.map((m) => ({
				id: m.id,
				honorific: null,
				name: m.name,
				position: m.position,
				role: m.role
			})),
			unit: [],
			others: []
		},
		scope: {
			contents: template.sections.map((s) => s.title.vi),
			methods: [...texts.DEFAULT_METHODS]
		},
		results: {
			strengths: draftStrengths(input),
			shortcomings,
			figures: draftFigures(input.indicatorSet, input.indicatorValues, 'ratios')
		},
		unitComments: [],
		conclusions: {
			summary: [texts.conclusionSummary(unit.name, failed)],
			actions: draftActions(input, shortcomings)
		},
		closing: { endDate: null, endTime: null, copies, keptBy: texts.keptByDefault(copies) },
		signatures: draftSignatures(members),
		recipients: texts.defaultRecipients(delegation.governingBody, unit.name, code),
		annexes: {
			photos: annex.map(({ photo, itemId }) => toAnnexPhoto(photo, itemId)),
			checklist: draftChecklist(input),
			indicators: draftFigures(input.indicatorSet, input.indicatorValues, 'all')
		}
	};
	// Parsing normalises every string (NFC, trimmed) exactly as an edited document will be.
	return MinutesDocumentSchema.parse(doc);
}
