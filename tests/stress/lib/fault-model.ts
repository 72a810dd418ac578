/**
 * What the screen acknowledged during the fault trials (faults.stress.ts), and the strict
 * comparison with what a device or the server holds. A step the fault cut short may or may not
 * have committed, so its value is "attempted": allowed, never required. Anything else missing is
 * loss, anything held twice a duplicate.
 */
import type { Held } from './records';
import type { MinutesHeld } from './minutes-walk';

export const RESULTS = { pass: 'Đạt', fail: 'Không đạt', na: 'Không áp dụng' } as const;
export type Result = keyof typeof RESULTS;

export type Model = {
	result: Record<string, { acked: Result | null; attempted: (Result | null)[] }>;
	note: Record<string, { acked: string; attempted: string[] }>;
	/** photo file name → acknowledged? (unacknowledged ones may exist at most once) */
	photos: Map<string, { itemId: string; acked: boolean }>;
	/** The signing walk: sealed minutes and their PDF, once the screen showed them. */
	minutes: { sealed: boolean; pdf: boolean; id?: string; pdfSha256?: string };
};

export function newModel(): Model {
	return { result: {}, note: {}, photos: new Map(), minutes: { sealed: false, pdf: false } };
}

export type Findings = { lost: string[]; dupes: string[] };

/** Every acknowledged record the device or server is missing, and every duplicate it holds. */
export function compare(model: Model, held: Held, where: string): Findings {
	const lost: string[] = [];
	const dupes: string[] = [];
	for (const [itemId, r] of Object.entries(model.result)) {
		const actual = (held.answers[itemId]?.result ?? null) as Result | null;
		if (actual !== r.acked && !r.attempted.includes(actual)) {
			lost.push(`${where}: ${itemId} result ${actual} (acknowledged ${r.acked})`);
		}
	}
	for (const [itemId, n] of Object.entries(model.note)) {
		const actual = held.answers[itemId]?.note ?? '';
		if (actual !== n.acked && !n.attempted.includes(actual)) {
			lost.push(`${where}: ${itemId} note “${actual}” (acknowledged “${n.acked}”)`);
		}
	}
	for (const [name, p] of model.photos) {
		const rows = held.photos[name] ?? 0;
		if (p.acked && rows === 0) lost.push(`${where}: photo ${name} missing`);
		if (p.acked && held.bytesMissing.includes(name)) lost.push(`${where}: bytes of ${name}`);
		if (rows > 0 && held.photoItems[name] !== p.itemId) {
			lost.push(`${where}: photo ${name} on ${held.photoItems[name]}`);
		}
	}
	for (const [name, rows] of Object.entries(held.photos)) {
		if (rows > 1) dupes.push(`${where}: photo ${name} ×${rows}`);
		if (!model.photos.has(name)) dupes.push(`${where}: photo ${name} never added`);
	}
	return { lost, dupes };
}

/**
 * Sealed minutes on the device: what the screen showed as sealed is kept, once, and so is its PDF
 * once the screen handed it out. Notes the minutes' id and PDF hash in the model, since later the
 * server must hold exactly those (a fresh profile pulls the minutes but never had the PDF).
 */
export function compareMinutesOnDevice(model: Model, device: MinutesHeld, where: string): Findings {
	const lost: string[] = [];
	const dupes: string[] = [];
	if (model.minutes.sealed && device.signed.length === 0) lost.push(`${where}: sealed minutes`);
	if (device.signed.length > 1) dupes.push(`${where}: ${device.signed.length} sealed minutes`);
	const mine = device.signed[0];
	if (model.minutes.pdf && mine && !mine.pdfSha256) lost.push(`${where}: minutes PDF`);
	if (mine) {
		model.minutes.id ??= mine.id;
		model.minutes.pdfSha256 ??= mine.pdfSha256 ?? undefined;
	}
	return { lost, dupes };
}

/** The server holds one sealed minutes per inspection, the device's, with the device's PDF. */
export function compareMinutesOnServer(model: Model, server: MinutesHeld): Findings {
	const lost: string[] = [];
	const dupes: string[] = [];
	if (model.minutes.sealed && server.signed.length === 0) lost.push(`server: sealed minutes`);
	if (server.signed.length > 1) dupes.push(`server: ${server.signed.length} sealed minutes`);
	const theirs = server.signed[0];
	if (theirs && model.minutes.id && theirs.id !== model.minutes.id) {
		lost.push(`server: minutes ${theirs.id}, the device sealed ${model.minutes.id}`);
	}
	if (model.minutes.pdf && theirs && !theirs.pdfSha256) lost.push(`server: minutes PDF`);
	if (
		model.minutes.pdfSha256 &&
		theirs?.pdfSha256 &&
		theirs.pdfSha256 !== model.minutes.pdfSha256
	) {
		lost.push(`server: minutes PDF ${theirs.pdfSha256} is not the device's`);
	}
	return { lost, dupes };
}

export function acknowledgedCount(model: Model): number {
	return (
		Object.values(model.result).filter((r) => r.acked !== null).length +
		Object.values(model.note).filter((n) => n.acked !== '').length +
		[...model.photos.values()].filter((p) => p.acked).length +
		(model.minutes.sealed ? 1 : 0) +
		(model.minutes.pdf ? 1 : 0)
	);
}
