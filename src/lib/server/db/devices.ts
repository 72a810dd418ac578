import type { Kysely } from 'kysely';
import type { DB } from './schema';

/** Records that a person uses this device, or that they are back on it. */
export async function registerDevice(
	db: Kysely<DB>,
	device: { id: string; userId: string; userAgent: string },
	now = new Date()
): Promise<void> {
	const at = now.toISOString();
	// Browsers may send several KB of user agent; a label for people needs far less.
	const userAgent = device.userAgent.slice(0, 500);
	await db
		.insertInto('devices')
		.values({
			id: device.id,
			user_id: device.userId,
			first_seen_at: at,
			last_seen_at: at,
			user_agent: userAgent
		})
		.onConflict((oc) =>
			oc.columns(['id', 'user_id']).doUpdateSet({ last_seen_at: at, user_agent: userAgent })
		)
		.execute();
}
