import { db } from './connection';
import type { ConflictRow } from './database';

/** Conflicts the server reported for one inspection that nobody has resolved yet, oldest first. */
export async function openFor(inspectionId: string): Promise<ConflictRow[]> {
	const rows = await db().conflicts.where('inspectionId').equals(inspectionId).toArray();
	return rows.filter((c) => !c.resolvedAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
