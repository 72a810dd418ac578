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
