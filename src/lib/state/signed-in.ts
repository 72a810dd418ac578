/**
 * Where the signed-in account is remembered. Kept apart from sync-status so the app shell can
 * ask "has this device signed in?" without loading sync and the schemas it parses with.
 */
export const ACCOUNT_KEY = 'kiem-tra.account';

export function hasSignedIn(): boolean {
	try {
		return globalThis.localStorage?.getItem(ACCOUNT_KEY) != null;
	} catch {
		return false;
	}
}

/** The account remembered on this device (its delegations work offline), or null. */
export function rememberedAccount(): {
	delegations: { id: string; name: string }[];
} | null {
	try {
		const raw = globalThis.localStorage?.getItem(ACCOUNT_KEY);
		return raw ? (JSON.parse(raw) as { delegations: { id: string; name: string }[] }) : null;
	} catch {
		return null;
	}
}
