import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from './connection';
import { hasReserve, holdReserve, releaseReserve, RESERVE_BYTES } from './reserve';
import { useFreshDatabase, useFullDisk } from './test-fixtures';

useFreshDatabase();
const disk = useFullDisk();

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('the sync reserve', () => {
	it('is held once, as a ballast of its full size, and given up once', async () => {
		expect(await holdReserve()).toBe(true);
		expect(await holdReserve()).toBe(true);
		const row = await db().meta.get('reserve');
		expect((row?.value as ArrayBuffer).byteLength).toBe(RESERVE_BYTES);
		expect(await releaseReserve()).toBe(true);
		expect(await hasReserve()).toBe(false);
		expect(await releaseReserve()).toBe(false);
	});

	it('frees room on a full disk, where a write that failed then fits', async () => {
		await holdReserve();
		disk.full = true;
		await expect(db().meta.put({ key: 'note', value: 'x'.repeat(1000) })).rejects.toMatchObject({
			name: 'QuotaExceededError'
		});
		expect(await releaseReserve()).toBe(true);
		await db().meta.put({ key: 'note', value: 'x'.repeat(1000) });
		expect(await db().meta.get('note')).toBeDefined();
	});

	it('is not taken back while the disk is still full, and says so without failing', async () => {
		disk.full = true;
		expect(await holdReserve()).toBe(false);
		expect(await hasReserve()).toBe(false);
		disk.full = false;
		expect(await holdReserve()).toBe(true);
	});

	it('leaves the last free space the browser reports to what the person types next', async () => {
		const estimate = vi.fn(async () => ({
			quota: 100_000_000,
			usage: 100_000_000 - RESERVE_BYTES
		}));
		vi.stubGlobal('navigator', { storage: { estimate } });
		expect(await holdReserve()).toBe(false);
		expect(await hasReserve()).toBe(false);
		estimate.mockResolvedValue({ quota: 1_000_000_000, usage: 1_000_000 });
		expect(await holdReserve()).toBe(true);
	});
});
