/**
 * Everything on this device the server has not confirmed yet: changed rows, photo bytes and the
 * PDFs of sealed minutes. The sync screen shows it, and signing out (which empties the device)
 * refuses while any of it is left: a sealed PDF is the signed document itself.
 */
import { unsentPdfs } from './minutes';
import { countPending } from './outbox';
import { countUnsent } from './photos';

export type Waiting = { changes: number; photos: number; pdfs: number };

export async function waiting(): Promise<Waiting> {
	// Started together, in the caller's live-query zone: a read begun after awaiting another
	// module's async function would run outside it, and its table would go unobserved.
	const [changes, photos, pdfs] = await Promise.all([countPending(), countUnsent(), unsentPdfs()]);
	return { changes, photos, pdfs: pdfs.length };
}

export function waitingTotal(w: Waiting): number {
	return w.changes + w.photos + w.pdfs;
}
