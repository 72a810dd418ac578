import type { MessageKey } from '$lib/i18n/index.svelte';

/** Turns a failed write into words for the person who typed it. */
export function describeError(error: unknown): MessageKey {
	const e = error as { name?: string; code?: string } | null;
	if (e?.name === 'StorageFullError') return 'error.storageFull';
	if (e?.name === 'StorageFailedError') return 'error.storageFailed';
	if (e?.name === 'ValidationError' && e.code) {
		const key = `error.value.${e.code}`;
		if (VALUE_KEYS.has(key)) return key as MessageKey;
	}
	if (e?.name === 'ZodError') return 'error.invalid';
	return 'error.unknown';
}

const VALUE_KEYS = new Set<string>([
	'error.value.negative',
	'error.value.fraction',
	'error.value.percent-range',
	'error.value.not-a-number',
	'error.value.bad-date',
	'error.value.date-outside-period',
	'error.value.unknown-choice',
	'error.value.too-big',
	'error.value.bad-transition',
	'error.value.not-found'
]);
