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
