import { Dexie } from 'dexie';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { StorageFailedError, StorageFullError, isQuotaError, toStorageError } from './errors';
import { ValidationError } from './meta';

const quota = () => new DOMException('full', 'QuotaExceededError');

describe('isQuotaError', () => {
	it('recognises a bare QuotaExceededError', () => {
		expect(isQuotaError(quota())).toBe(true);
	});

	it('recognises a quota error wrapped by Dexie, once or twice', () => {
		expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true);
		const twice = new Dexie.AbortError(
			'outer',
			new Dexie.AbortError('inner', quota()) as unknown as Error
		);
		expect(isQuotaError(twice)).toBe(true);
		expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
	});

	it('does not follow the chain forever', () => {
		let e: { name: string; inner?: unknown } = quota();
		for (let i = 0; i < 5; i++) e = { name: 'AbortError', inner: e };
		expect(isQuotaError(e)).toBe(false);
	});

	it('rejects other errors and non-errors', () => {
		expect(isQuotaError(new DOMException('x', 'UnknownError'))).toBe(false);
		expect(isQuotaError(new Dexie.AbortError('Transaction aborted'))).toBe(false);
		expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
		expect(isQuotaError(undefined)).toBe(false);
		expect(isQuotaError(null)).toBe(false);
		expect(isQuotaError('QuotaExceededError')).toBe(false);
	});

	it('survives a self-referencing inner', () => {
		const e: { name: string; inner?: unknown } = { name: 'AbortError' };
		e.inner = e;
		expect(isQuotaError(e)).toBe(false);
	});
});

describe('toStorageError', () => {
	it('turns a quota error, bare or wrapped, into StorageFullError keeping the cause', () => {
		const bare = quota();
		const full = toStorageError(bare);
		expect(full).toBeInstanceOf(StorageFullError);
		expect(full.message).toBe('storage-full');
		expect(full.name).toBe('StorageFullError');
		expect(full.cause).toBe(bare);

		const wrapped = new Dexie.AbortError('Transaction aborted', bare);
		expect(toStorageError(wrapped)).toBeInstanceOf(StorageFullError);
		expect(toStorageError(wrapped).cause).toBe(wrapped);
	});

	it('turns any other failure into StorageFailedError', () => {
		for (const e of [
			new DOMException('x', 'UnknownError'),
			new Dexie.AbortError('Transaction aborted'),
			new Dexie.ConstraintError('Key already exists'),
			new Error('boom'),
			'a string'
		]) {
			const out = toStorageError(e);
			expect(out).toBeInstanceOf(StorageFailedError);
			expect(out.message).toBe('storage-failed');
			expect(out.name).toBe('StorageFailedError');
			expect(out.cause).toBe(e);
		}
	});

	it('passes rejected input through unchanged', () => {
		const zod = z.string().safeParse(1).error;
		expect(zod).toBeDefined();
		expect(toStorageError(zod)).toBe(zod);
		const rule = new ValidationError('bad-transition', 'status');
		expect(toStorageError(rule)).toBe(rule);
	});
});
