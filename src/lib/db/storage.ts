export type StorageInfo = { usage: number | null; quota: number | null; persisted: boolean | null };

/** Asks the browser not to evict our data under pressure; the answer is shown in settings. */
export async function requestPersistence(): Promise<boolean | null> {
	if (!navigator.storage?.persist) return null;
	try {
		return (await navigator.storage.persisted()) || (await navigator.storage.persist());
	} catch {
		return null;
	}
}

export async function storageInfo(): Promise<StorageInfo> {
	const storage = navigator.storage;
	const [estimate, persisted] = await Promise.all([
		storage?.estimate ? storage.estimate().catch(() => null) : null,
		storage?.persisted ? storage.persisted().catch(() => null) : null
	]);
	return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
}
