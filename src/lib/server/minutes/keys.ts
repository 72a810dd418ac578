/**
 * The registry of device keys that seal minutes. A device sends its public key at login or
 * through `POST /api/devices/key`; the server holds it for that person on that device. Keys are
 * kept forever: a device that makes a new key (its storage was cleared) adds a row, and seals
 * made with the old key still verify with the key they name.
 *
 * Verification only trusts a key registered for the person who pushed the minutes: a seal made
 * with a colleague's device key, or with a key nobody registered, does not pass.
 */
import type { Kysely, Transaction } from 'kysely';
import {
	importPublicKey,
	jwkThumbprint,
	PublicKeyJwkSchema,
	type PublicKeyJwk
} from '$lib/minutes/seal/device-key';
import type { KeyResolver } from '$lib/minutes/seal/seal';
import type { DB } from '../db/schema';

type Db = Kysely<DB> | Transaction<DB>;

/** True when the JWK is a usable P-256 point; the schema alone only checks its spelling. */
export async function isUsableKey(jwk: PublicKeyJwk): Promise<boolean> {
	try {
		await importPublicKey(jwk);
		return true;
	} catch {
		return false;
	}
}

/**
 * Registers the key for this person's device; returns its key id, and whether it is new. The
 * caller checks isUsableKey first. The device must be registered already (login does it).
 */
export async function registerDeviceKey(
	db: Db,
	key: { userId: string; deviceId: string; publicKeyJwk: PublicKeyJwk },
	now = new Date()
): Promise<{ keyId: string; created: boolean }> {
	const jwk = PublicKeyJwkSchema.parse(key.publicKeyJwk);
	const keyId = await jwkThumbprint(jwk);
	const { kty, crv, x, y } = jwk;
	const inserted = await db
		.insertInto('device_keys')
		.values({
			key_id: keyId,
			user_id: key.userId,
			device_id: key.deviceId,
			public_key_jwk: JSON.stringify({ kty, crv, x, y }),
			registered_at: now.toISOString()
		})
		.onConflict((oc) => oc.columns(['key_id', 'user_id']).doNothing())
		.executeTakeFirst();
	return { keyId, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
}

/** Resolves a key id among the keys registered for one person's devices. */
export function keysOf(db: Db, userId: string): KeyResolver {
	return async (keyId) => {
		const row = await db
			.selectFrom('device_keys')
			.select('public_key_jwk')
			.where('key_id', '=', keyId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		return row ? PublicKeyJwkSchema.parse(JSON.parse(row.public_key_jwk)) : null;
	};
}
