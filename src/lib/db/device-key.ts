/**
 * This device's signing key for minutes seals. The private key is non-extractable: IndexedDB
 * stores the CryptoKey object itself, and no script, ours included, can read its bytes. Made once,
 * on first use; the public half is registered with the server at sign-in or the next sync.
 */
import type { DeviceKey } from '$lib/minutes/seal/device-key';
import { db } from './connection';

const KEY = 'deviceKey';
const REGISTERED = 'deviceKeyRegistered';

/** The key if this device made one; never makes one. */
export async function storedDeviceKey(): Promise<DeviceKey | undefined> {
	return (await db().meta.get(KEY))?.value as DeviceKey | undefined;
}

export async function deviceKey(): Promise<DeviceKey> {
	const existing = await storedDeviceKey();
	if (existing) return existing;
	const { generateDeviceKey } = await import('$lib/minutes/seal/device-key');
	const made = await generateDeviceKey();
	try {
		await db().meta.add({ key: KEY, value: made });
		return made;
	} catch {
		// Another tab made one first: theirs is the key of this device.
		return (await db().meta.get(KEY))?.value as DeviceKey;
	}
}

/** The key id the server confirmed it holds, if any. */
export async function registeredKeyId(): Promise<string | undefined> {
	return (await db().meta.get(REGISTERED))?.value as string | undefined;
}

export async function markKeyRegistered(keyId: string): Promise<void> {
	await db().meta.put({ key: REGISTERED, value: keyId });
}

/**
 * The server keeps keys per account: after someone else signs in on this device, the key must be
 * registered again, under them, before their seals can be checked.
 */
export async function forgetKeyRegistration(): Promise<void> {
	await db().meta.delete(REGISTERED);
}
