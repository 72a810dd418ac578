/**
 * Room kept back for sync. A device whose storage is full refuses every write, and a sync round
 * has to write before it can send anything (pending queue entries are re-keyed as sent first).
 * Sending is what makes it safe for the person to free space, so the app keeps a ballast row
 * while space allows; a round that meets a full disk deletes it (a delete needs no quota) and
 * tries once more. The row lives in `meta`, read only by key, so no schema version is needed.
 */
import { db } from './connection';

const KEY = 'reserve';

/**
 * Enough for the largest single write of a round: marking a photo uploaded rewrites its row,
 * bytes included, and a stored photo (2048 px JPEG) stays well under this.
 */
export const RESERVE_BYTES = 2 * 1024 * 1024;

/**
 * Taken back only with this much room beyond it: the last free space on a nearly full device
 * is for what the person types next, not for the reserve.
 */
const HEADROOM = 8 * RESERVE_BYTES;

/** Random bytes: storage that compresses (LevelDB does) would hold back far less than it seems. */
function ballast(): ArrayBuffer {
	const bytes = new Uint8Array(RESERVE_BYTES);
	// getRandomValues fills at most 64 kB per call.
	for (let at = 0; at < bytes.length; at += 65_536) {
		crypto.getRandomValues(bytes.subarray(at, at + 65_536));
	}
	return bytes.buffer;
}

/** Checked by key only, so the ballast itself is never read. */
export async function hasReserve(): Promise<boolean> {
	return (await db().meta.where(':id').equals(KEY).count()) > 0;
}

/** Free space as the browser reports it; null where it cannot tell. */
async function roomLeft(): Promise<number | null> {
	try {
		const estimate = await globalThis.navigator?.storage?.estimate?.();
		if (estimate?.quota === undefined || estimate.usage === undefined) return null;
		return estimate.quota - estimate.usage;
	} catch {
		return null;
	}
}

/**
 * Gives the reserve up; true when there was one to give. A delete-only transaction, so it
 * succeeds on a full disk too.
 */
export async function releaseReserve(): Promise<boolean> {
	const database = db();
	try {
		return await database.transaction('rw', database.meta, async () => {
			if (!(await hasReserve())) return false;
			await database.meta.delete(KEY);
			return true;
		});
	} catch {
		return false;
	}
}

/**
 * Puts the reserve back when there is comfortable room; true when it is held. Never fails: a
 * disk still too full simply leaves it for a later round.
 */
export async function holdReserve(): Promise<boolean> {
	try {
		if (await hasReserve()) return true;
		const room = await roomLeft();
		if (room !== null && room < RESERVE_BYTES + HEADROOM) return false;
		// Two tabs racing here both write the same key: the second put just replaces the first.
		await db().meta.put({ key: KEY, value: ballast() });
		return true;
	} catch {
		return false;
	}
}
