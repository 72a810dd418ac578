/**
 * The public verification page's answers (no login). It checks a tamper-evident seal, not a
 * legal digital signature: whether a copy of signed minutes is the one sealed by an enrolled
 * device and received by this server.
 *
 * Two ways in: the QR link (`/verify/<id>?h=<content sha256>`), and an uploaded PDF. A PDF is
 * valid when its bytes are exactly the stored PDF; otherwise the seal marker in its Keywords
 * names the minutes it claims to be, and a copy that names known minutes but differs from their
 * PDF was changed. Every answer re-verifies the stored seal, so a damaged record never reads as
 * valid. The summary holds only what the sealed content says, never the rest of the inspection.
 */
import type { Kysely } from 'kysely';
import { MinutesDocumentSchema } from '$lib/minutes/model';
import { isSha256Hex } from '$lib/minutes/seal/hash';
import { verifySeal } from '$lib/minutes/seal/seal';
import { MAX_MINUTES_PDF_BYTES } from '$lib/sync/minutes-wire';
import type { DB } from '../db/schema';
import { keysOf } from './keys';
import { isPdf, sealMarkersIn, sha256Of } from './pdf-store';
import {
	minutesById,
	minutesByPdf,
	minutesBySha256,
	supersededBy,
	type MinutesRow
} from './records';

export type SignerSummary = {
	role: string;
	title: string;
	name: string;
	status: 'signed' | 'refused' | 'pending';
	/** When they signed or refused. */
	at: string | null;
	reason: string | null;
};

export type MinutesSummary = {
	id: string;
	version: number;
	title: string;
	/** "05/BB-ĐKT"; "…/BB-ĐKT" when the number was left for the records office. */
	number: string;
	unitName: string;
	inspectionDate: string;
	signers: SignerSummary[];
	/** The start of the device key's id, enough to compare by eye. */
	keyId: string;
	sha256: string;
	signedAt: string;
	receivedAt: string;
	supersededBy: { version: number; signedAt: string } | null;
};

export type Verification =
	| { outcome: 'valid' | 'altered' | 'unverifiable'; minutes: MinutesSummary }
	/** The stored record itself no longer verifies. */
	| { outcome: 'damaged' }
	| { outcome: 'unknown' | 'bad-link' | 'no-seal' | 'not-pdf' | 'too-large' | 'no-file' };

const SHORT_KEY_ID = 8;

/** The stored minutes' summary, or null when their seal no longer verifies. */
async function checkedSummary(db: Kysely<DB>, row: MinutesRow): Promise<MinutesSummary | null> {
	let content: unknown;
	try {
		content = JSON.parse(row.content);
	} catch {
		return null;
	}
	const verdict = await verifySeal(content, JSON.parse(row.seal), keysOf(db, row.user_id));
	const doc = MinutesDocumentSchema.safeParse(content);
	if (!verdict.ok || verdict.sha256 !== row.sha256 || !doc.success) return null;
	const { header, title, opening, signatures } = doc.data;
	const later = await supersededBy(db, row.id);
	return {
		id: row.id,
		version: row.version,
		title,
		number: `${header.number || '…'}/${header.symbol}`,
		unitName: opening.unitName,
		inspectionDate: opening.date,
		signers: signatures.map(({ role, title, name, signature: s }) => ({
			role,
			title,
			name,
			status: s.status,
			at: s.status === 'signed' ? s.signedAt : s.status === 'refused' ? s.at : null,
			reason: s.status === 'refused' ? s.reason : null
		})),
		keyId: verdict.keyId.slice(0, SHORT_KEY_ID),
		sha256: row.sha256,
		signedAt: verdict.signedAt,
		receivedAt: row.received_at,
		supersededBy: later ? { version: later.version, signedAt: later.signed_at } : null
	};
}

async function judged(
	db: Kysely<DB>,
	row: MinutesRow,
	outcome: 'valid' | 'altered' | 'unverifiable'
): Promise<Verification> {
	const minutes = await checkedSummary(db, row);
	return minutes ? { outcome, minutes } : { outcome: 'damaged' };
}

/** The QR link: valid when the hash it carries is the sealed content's. */
export async function verifyLink(
	db: Kysely<DB>,
	id: string,
	h: string | null
): Promise<Verification> {
	const row = await minutesById(db, id);
	if (!row) return { outcome: 'unknown' };
	if (!h || !isSha256Hex(h)) return { outcome: 'bad-link' };
	return judged(db, row, h === row.sha256 ? 'valid' : 'altered');
}

/** An uploaded copy: the stored PDF byte for byte, or a changed copy of known minutes. */
export async function verifyPdf(db: Kysely<DB>, bytes: Uint8Array): Promise<Verification> {
	if (bytes.length === 0) return { outcome: 'no-file' };
	if (bytes.length > MAX_MINUTES_PDF_BYTES) return { outcome: 'too-large' };
	if (!isPdf(bytes)) return { outcome: 'not-pdf' };

	const stored = await minutesByPdf(db, sha256Of(bytes));
	if (stored) return judged(db, stored, 'valid');

	const markers = sealMarkersIn(bytes);
	if (markers.length === 0) return { outcome: 'no-seal' };
	for (const sha256 of markers) {
		const named = await minutesBySha256(db, sha256);
		// Without the original PDF there is nothing to compare the copy with.
		if (named) return judged(db, named, named.pdf_sha256 ? 'altered' : 'unverifiable');
	}
	return { outcome: 'unknown' };
}
