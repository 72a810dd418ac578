/**
 * What waits for the server, as the person sees it: changes are counted per changed row (an
 * answer whose result and note both wait is one change), never per queue entry.
 */
import { db } from './connection';
import type { QueueEntry } from './database';

function rowOf(entry: QueueEntry): string {
	return `${entry.entity}:${entry.entityId}`;
}

export async function countPending(): Promise<number> {
	const rows = new Set<string>();
	await db().queue.each((entry) => {
		if (entry.state !== 'rejected') rows.add(rowOf(entry));
	});
	return rows.size;
}

/** Changes the server refused: they wait for a person, and are never sent again. */
export async function listRejected(): Promise<QueueEntry[]> {
	return (await db().queue.toArray()).filter((e) => e.state === 'rejected');
}

/** Unsynced changes per inspection, for the list screen. */
export async function countByInspection(): Promise<Map<string, number>> {
	const rows = new Map<string, Set<string>>();
	await db().queue.each((entry) => {
		if (entry.state === 'rejected') return;
		const set = rows.get(entry.inspectionId) ?? new Set<string>();
		set.add(rowOf(entry));
		rows.set(entry.inspectionId, set);
	});
	return new Map([...rows].map(([id, set]) => [id, set.size]));
}

/**
 * Everything waiting, in push order: inspections first, then the rest oldest first. A merged
 * inspection entry carries the time of its latest edit, which can be later than answers given
 * since; the server must still meet the inspection before anything that belongs to it.
 */
export async function list(): Promise<QueueEntry[]> {
	const all = (await db().queue.orderBy('at').toArray()).filter((e) => e.state !== 'rejected');
	return [
		...all.filter((e) => e.entity === 'inspection'),
		...all.filter((e) => e.entity !== 'inspection')
	];
}

/**
 * Marks entries as part of a push by re-keying them `sent:<mutationId>`. From here on a new edit
 * of the same row starts a new pending entry: the server may already have applied this one, so it
 * must stay exactly as sent.
 */
export async function markSending(keys: string[]): Promise<QueueEntry[]> {
	const database = db();
	return database.transaction('rw', database.queue, async () => {
		const entries = (await database.queue.bulkGet(keys)).filter(
			(e): e is QueueEntry => e?.state === 'pending'
		);
		const sent = entries.map((e) => ({
			...e,
			key: `sent:${e.mutationId}`,
			state: 'sending' as const
		}));
		await database.queue.bulkDelete(entries.map((e) => e.key));
		await database.queue.bulkPut(sent);
		return sent;
	});
}
