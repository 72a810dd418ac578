/**
 * Storage failures are translated once, here, into errors the UI can explain. A quota error may
 * arrive bare, or as the `inner` of Dexie's AbortError when the transaction was aborted by it.
 */
export class StorageFullError extends Error {
	constructor(cause?: unknown) {
		super('storage-full', { cause });
		this.name = 'StorageFullError';
	}
}

export class StorageFailedError extends Error {
	constructor(cause?: unknown) {
		super('storage-failed', { cause });
		this.name = 'StorageFailedError';
	}
}

type NamedError = { name?: unknown; inner?: unknown };

export function isQuotaError(e: unknown): boolean {
	for (let err = e as NamedError | undefined, depth = 0; err && depth < 4; depth++) {
		if (err.name === 'QuotaExceededError') return true;
		err = err.inner as NamedError | undefined;
	}
	return false;
}

/** Rejected input is the caller's mistake, not storage's, even when found inside the transaction. */
const INPUT_ERRORS = new Set(['ZodError', 'ValidationError']);

export function toStorageError(e: unknown): Error {
	if (isQuotaError(e)) return new StorageFullError(e);
	if (e instanceof Error && INPUT_ERRORS.has(e.name)) return e;
	return new StorageFailedError(e);
}
