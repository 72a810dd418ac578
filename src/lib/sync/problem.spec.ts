import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { StorageFullError } from '$lib/db/errors';
import { OfflineError, ServerRefusedError, SessionExpiredError } from './client';
import { problemOf, worthHandingOver } from './problem';

const quota = () => new DOMException('full', 'QuotaExceededError');

describe('problemOf', () => {
	it('tells a full disk apart from the server, however the quota error arrives', () => {
		for (const error of [
			new StorageFullError(quota()),
			quota(),
			new Dexie.AbortError('Transaction aborted', quota())
		]) {
			expect(problemOf(error)).toBe('storage-full');
		}
	});

	it('names the network, the session and refusals, and blames the server for the rest', () => {
		expect(problemOf(new OfflineError('down'))).toBe('offline');
		expect(problemOf(new SessionExpiredError('expired'))).toBe('session-expired');
		expect(problemOf(new ServerRefusedError(403, 'forbidden', 'no'))).toBe('refused');
		expect(problemOf(new Error('500'))).toBe('server');
	});
});

describe('worthHandingOver', () => {
	it('asks the browser to retry only what time alone can mend', () => {
		expect(worthHandingOver('offline')).toBe(true);
		expect(worthHandingOver('server')).toBe(true);
		expect(worthHandingOver('refused')).toBe(false);
		expect(worthHandingOver('storage-full')).toBe(false);
		expect(worthHandingOver('session-expired')).toBe(false);
	});
});
