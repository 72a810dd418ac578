import { db } from './connection';

export async function countPending(): Promise<number> {
	return db().outbox.count();
}

/** Unsynced changes per inspection, for the list screen. */
export async function countByInspection(): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	await db().outbox.each((row) => {
		counts.set(row.inspectionId, (counts.get(row.inspectionId) ?? 0) + 1);
	});
	return counts;
}

/**
 * Marks entries as part of a push. From here on a new edit of the same row starts a new pending
 * entry: the server may already have applied this one, so it must stay exactly as sent.
 */
export async function markSending(seqs: number[]): Promise<void> {
	await db()
		.outbox.where('seq')
		.anyOf(seqs)
		.modify((row) => {
			row.state = 'sending';
			delete row.pendingKey;
		});
}
