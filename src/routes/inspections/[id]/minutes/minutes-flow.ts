/**
 * The minutes screen's work that is not layout: drafting from what the device holds, sealing
 * with this device's key, and making the PDF. Everything here runs offline; jsPDF and the fonts
 * load only when a PDF is made.
 */
import type {
	Answer,
	Finding,
	IndicatorSet,
	Inspection,
	LegalCatalog,
	Photo,
	Template,
	Unit
} from '$lib/domain';
import { db } from '$lib/db/connection';
import { deviceKey } from '$lib/db/device-key';
import { fullBytes } from '$lib/db/photos';
import * as indicatorValues from '$lib/db/indicator-values';
import * as minutes from '$lib/db/minutes';
import type { Account } from '$lib/sync/protocol';
import type { DelegationInfo } from '$lib/minutes/draft';
import type { MinutesDocument } from '$lib/minutes/model';
import type { RenderProgress } from '$lib/minutes/pdf';
import { shortHash } from '$lib/minutes/seal/hash';
import { qrMatrix, isDark } from '$lib/minutes/seal/qr';
import type { Seal } from '$lib/minutes/seal/seal';
import { verifyUrl } from '$lib/minutes/seal/verify-url';
import { download } from '../download';

export type DraftSources = {
	inspection: Inspection;
	template: Template;
	legal: LegalCatalog;
	indicatorSet: IndicatorSet;
	answers: ReadonlyMap<string, Answer>;
	findings: readonly Finding[];
	photos: readonly Photo[];
	unit: Unit;
	account: Account | null;
};

/**
 * The letterhead the city office gave the inspection's delegation (the only one when it names
 * none); blanks the editor asks for when the device has no account or the server could not tell.
 */
function delegationOf(account: Account | null, delegationId: string | undefined): DelegationInfo {
	const all = account?.delegations ?? [];
	const d = all.find((x) => x.id === delegationId) ?? (all.length === 1 ? all[0] : undefined);
	return {
		name: d?.name ?? 'Đoàn kiểm tra',
		governingBody: d?.governingBody || 'Ủy ban nhân dân thành phố',
		decision: {
			number: d?.decision?.number ?? '',
			date: d?.decision?.date ?? null,
			issuer: d?.decision?.issuer ?? ''
		}
	};
}

export async function startDraft(sources: DraftSources): Promise<minutes.Minutes> {
	const { draftMinutes } = await import('$lib/minutes/draft');
	const content = draftMinutes({
		...sources,
		indicatorValues: (await indicatorValues.get(sources.inspection.id)) ?? null,
		delegation: delegationOf(sources.account, sources.inspection.delegationId)
	});
	return minutes.createDraft(content);
}

/** A correction: the signed text again, unsigned, as version n + 1. */
export async function startCorrection(signed: minutes.Minutes): Promise<minutes.Minutes> {
	const signatures = signed.content.signatures.map((s) => ({
		...s,
		signature: { status: 'pending' as const }
	}));
	return minutes.createDraft({ ...signed.content, signatures }, signed);
}

export async function sealMinutes(row: minutes.Minutes): Promise<minutes.Minutes> {
	const { sealContent } = await import('$lib/minutes/seal/seal');
	const sealed = await sealContent(row.content, await deviceKey());
	return minutes.seal(row.id, row.content, sealed);
}

/** The annex photos' bytes by hash, from this inspection's photos: read once per PDF. */
async function photoSource(
	inspectionId: string
): Promise<(sha256: string) => Promise<ArrayBuffer>> {
	const photos = await db().photos.where('inspectionId').equals(inspectionId).toArray();
	const byHash = new Map(photos.filter((p) => !p.deletedAt).map((p) => [p.sha256, p.id]));
	return async (sha256) => {
		const id = byHash.get(sha256);
		const bytes = id ? await fullBytes(id) : undefined;
		if (!bytes) throw new Error(`photo ${sha256.slice(0, 12)} is not on this device`);
		return bytes;
	};
}

function qrRows(text: string): boolean[][] {
	const matrix = qrMatrix(text);
	return Array.from({ length: matrix.size }, (_, r) =>
		Array.from({ length: matrix.size }, (_, c) => isDark(matrix, r, c))
	);
}

/** Makes the PDF of sealed minutes, keeps it on the device until the server has it. */
export async function makePdf(
	row: minutes.Minutes,
	onProgress: (p: RenderProgress) => void
): Promise<Uint8Array> {
	const seal = row.seal as Seal;
	const [{ renderMinutesPdf }, { browserFontLoader }, { sha256Hex }] = await Promise.all([
		import('$lib/minutes/pdf'),
		import('$lib/minutes/pdf/fonts-browser'),
		import('$lib/minutes/seal/hash')
	]);
	const url = verifyUrl(location.origin, row.id, seal.sha256);
	const pdf = await renderMinutesPdf(row.content as MinutesDocument, {
		fonts: browserFontLoader,
		photos: await photoSource(row.inspectionId),
		seal: { shortHash: shortHash(seal.sha256), url, qr: qrRows(url), sha256: seal.sha256 },
		onProgress
	});
	const bytes = pdf.slice().buffer;
	await minutes.storePdf(row.id, bytes, await sha256Hex(pdf));
	return pdf;
}

export function downloadPdf(bytes: ArrayBuffer, fileName: string): void {
	download(new Blob([bytes], { type: 'application/pdf' }), fileName);
}

export function fileNameOf(row: minutes.Minutes, unit: Unit | undefined): string {
	return `bien-ban-${unit?.id ?? row.inspectionId}-v${row.version}.pdf`;
}
