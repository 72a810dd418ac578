/**
 * Why a sync round failed, in the terms the status screen explains. A full disk is told apart
 * from the server and the network: the remedy is the person's (free space), and saying the
 * server failed would send them to the wrong place.
 */
import { isQuotaError, StorageFullError } from '$lib/db/errors';
import { OfflineError, ServerRefusedError, SessionExpiredError } from './client';

export type SyncProblem = 'offline' | 'session-expired' | 'refused' | 'server' | 'storage-full';

export function problemOf(error: unknown): SyncProblem {
	if (error instanceof SessionExpiredError) return 'session-expired';
	if (error instanceof OfflineError) return 'offline';
	if (error instanceof ServerRefusedError) return 'refused';
	if (error instanceof StorageFullError || isQuotaError(error)) return 'storage-full';
	return 'server';
}

/**
 * Whether the browser should be asked to run the round again on its own. Not after a refusal
 * (only a person can change it), nor on a full disk: the worker would meet the same disk at
 * once, and the page's backoff retries anyway.
 */
export function worthHandingOver(problem: SyncProblem): boolean {
	return problem === 'offline' || problem === 'server';
}
