import { Dexie } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { StorageFullError } from '$lib/db/errors';
import type { SyncClient } from './client';
import { OfflineError, ServerRefusedError } from './client';
import { backoffMs, PUSH_BATCH, syncRound, type LocalSide } from './engine';
import type { MutationResult, PushMutation } from './protocol';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function mutation(n: number): PushMutation {
	return {
		mutationId: ID(n),
		entity: 'finding',
		entityId: ID(n),
		inspectionId: ID(0),
		op: 'upsert',
		patch: { severity: 'high' },
		at: '2025-08-15T08:00:00.000Z',
		base: { severity: 0 }
	};
}

function fakes(queued: number, pages: number[], photoCount = 0, missingCount = 0) {
	let missing = Array.from({ length: missingCount }, (_, i) => ({
		id: ID(200 + i),
		sha256: 'e'.repeat(64)
	}));
	let photoQueue = Array.from({ length: photoCount }, (_, i) => ({
		id: ID(100 + i),
		sha256: String(i).repeat(64).slice(0, 64),
		bytes: 1000 * (i + 1)
	}));
	let waiting = Array.from({ length: queued }, (_, i) => mutation(i + 1));
	let pdfQueue: string[] = [];
	const applied: number[] = [];
	const local: LocalSide = {
		nextPushBatch: vi.fn(async (limit: number) => waiting.slice(0, limit)),
		acknowledge: vi.fn(async (results: MutationResult[]) => {
			const done = new Set(results.map((r) => r.mutationId));
			waiting = waiting.filter((m) => !done.has(m.mutationId));
		}),
		pullCursor: vi.fn(async () => 0),
		applyPulled: vi.fn(async (_changes: unknown, cursor: number) => {
			applied.push(cursor);
		}),
		unsentPhotos: vi.fn(async (limit: number) => photoQueue.slice(0, limit)),
		photoBytes: vi.fn(async () => new Uint8Array([0xff, 0xd8]).buffer),
		markUploaded: vi.fn(async (id: string) => {
			photoQueue = photoQueue.filter((p) => p.id !== id);
		}),
		missingBytes: vi.fn(async (limit: number) => missing.slice(0, limit)),
		storeDownloaded: vi.fn(async (id: string) => {
			missing = missing.filter((p) => p.id !== id);
		}),
		keyToRegister: vi.fn(async () => null),
		markKeyRegistered: vi.fn(async () => {}),
		unsentPdfs: vi.fn(async () => pdfQueue),
		pdfBytes: vi.fn(async () => new Uint8Array([0x25, 0x50, 0x44, 0x46]).buffer),
		markPdfUploaded: vi.fn(async (id: string) => {
			pdfQueue = pdfQueue.filter((p) => p !== id);
		}),
		releaseReserve: vi.fn(async () => false),
		holdReserve: vi.fn(async () => true)
	};
	const client = {
		push: vi.fn(async ({ mutations }: { mutations: PushMutation[] }) => ({
			results: mutations.map((m, i) =>
				i === 0
					? { mutationId: m.mutationId, status: 'conflict' as const, version: 1 }
					: { mutationId: m.mutationId, status: 'applied' as const, version: 1 }
			)
		})),
		hasPhoto: vi.fn(async (sha: string) => sha.startsWith('0')),
		putPhoto: vi.fn(async () => {}),
		registerKey: vi.fn(async () => {}),
		putMinutesPdf: vi.fn(async () => {}),
		getPhoto: vi.fn(async () => new Uint8Array([0xff, 0xd8]).buffer),
		pull: vi.fn(async (cursor: number) => {
			const index = pages.indexOf(cursor);
			const next = pages[index + 1] ?? cursor;
			return { changes: [], cursor: next, more: index + 2 < pages.length };
		})
	} as unknown as SyncClient;
	const queuePdf = (id: string) => pdfQueue.push(id);
	return { local, client, applied, left: () => waiting.length, queuePdf };
}

describe('syncRound', () => {
	it('pushes every batch until the queue is empty, then pulls every page', async () => {
		const { local, client, applied, left } = fakes(PUSH_BATCH * 2 + 5, [0, 50, 90, 120]);
		const result = await syncRound(client, local, 'dev-1');
		expect(left()).toBe(0);
		expect(client.push).toHaveBeenCalledTimes(3);
		expect(result).toMatchObject({ pushed: PUSH_BATCH * 2 + 5, conflicts: 3, rejected: 0 });
		expect(applied).toEqual([50, 90, 120]);
	});

	it('does not pull when a push fails: nothing is acknowledged and the round can run again', async () => {
		const { local, client, left } = fakes(3, [0]);
		vi.mocked(client.push).mockRejectedValueOnce(new OfflineError('down'));
		await expect(syncRound(client, local, 'dev-1')).rejects.toBeInstanceOf(OfflineError);
		expect(local.acknowledge).not.toHaveBeenCalled();
		expect(client.pull).not.toHaveBeenCalled();
		expect(left()).toBe(3);
		await syncRound(client, local, 'dev-1');
		expect(left()).toBe(0);
	});
});

describe('photo uploads in a round', () => {
	it('uploads only the bytes the server lacks, confirming each photo on its own', async () => {
		const { local, client } = fakes(0, [0], 3);
		const result = await syncRound(client, local, 'dev-1');
		expect(result.photos).toBe(3);
		expect(client.putPhoto).toHaveBeenCalledTimes(2);
		expect(local.markUploaded).toHaveBeenCalledTimes(3);
	});

	it('reports photos and bytes sent against the round’s totals, for a progress bar', async () => {
		const { local, client } = fakes(0, [0], 3);
		const seen: unknown[] = [];
		await syncRound(client, local, 'dev-1', (p) => {
			if (p.stage === 'photos') seen.push(p);
		});
		const at = (done: number, bytesDone: number) => ({
			stage: 'photos',
			done,
			total: 3,
			bytesDone,
			bytesTotal: 6000
		});
		expect(seen).toEqual([at(0, 0), at(1, 1000), at(2, 3000), at(3, 6000)]);
	});

	it('resumes with the photos not yet confirmed after an upload fails', async () => {
		const { local, client } = fakes(0, [0], 3);
		vi.mocked(client.putPhoto).mockRejectedValueOnce(new OfflineError('down'));
		await expect(syncRound(client, local, 'dev-1')).rejects.toBeInstanceOf(OfflineError);
		expect(local.markUploaded).toHaveBeenCalledTimes(1);
		const again = await syncRound(client, local, 'dev-1');
		expect(again.photos).toBe(2);
	});
});

describe('signed minutes', () => {
	it('registers the device key before pushing, so the server can check the seal', async () => {
		const { local, client } = fakes(2, [0]);
		const order: string[] = [];
		vi.mocked(local.keyToRegister).mockResolvedValueOnce({ keyId: 'k1', publicKeyJwk: {} });
		vi.mocked(client.registerKey).mockImplementation(async () => void order.push('key'));
		const push = vi.mocked(client.push).getMockImplementation();
		vi.mocked(client.push).mockImplementation(async (r) => {
			order.push('push');
			return push!(r);
		});
		await syncRound(client, local, 'dev-1');
		expect(order).toEqual(['key', 'push']);
		expect(local.markKeyRegistered).toHaveBeenCalledWith('k1');
	});

	it('uploads each PDF once; a PDF the server already holds counts as sent', async () => {
		const { local, client, queuePdf } = fakes(0, [0]);
		queuePdf('m1');
		queuePdf('m2');
		vi.mocked(client.putMinutesPdf).mockRejectedValueOnce(
			new ServerRefusedError(409, 'immutable', 'đã có')
		);
		const result = await syncRound(client, local, 'dev-1');
		expect(result.pdfs).toBe(2);
		expect(await local.unsentPdfs()).toEqual([]);
	});

	it('stops offering a PDF the server refused for good, without failing the round', async () => {
		const { local, client, queuePdf } = fakes(0, [0]);
		queuePdf('m1');
		vi.mocked(client.putMinutesPdf).mockRejectedValueOnce(
			new ServerRefusedError(422, 'wrong-seal', 'không khớp')
		);
		await syncRound(client, local, 'dev-1');
		expect(await local.unsentPdfs()).toEqual([]);
		expect(client.pull).toHaveBeenCalled();
	});

	it('leaves a PDF for later while the server does not know its minutes', async () => {
		const { local, client, queuePdf } = fakes(0, [0]);
		queuePdf('m1');
		vi.mocked(client.putMinutesPdf).mockRejectedValueOnce(
			new ServerRefusedError(404, 'not-found', '')
		);
		expect((await syncRound(client, local, 'dev-1')).pdfs).toBe(0);
		expect(await local.unsentPdfs()).toEqual(['m1']);
	});
});

describe('photos taken on other devices', () => {
	it('fetches the bytes of every photo that arrived without them, after the pull', async () => {
		const { local, client } = fakes(0, [0], 0, 2);
		const result = await syncRound(client, local, 'dev-1');
		expect(result.downloaded).toBe(2);
		expect(client.getPhoto).toHaveBeenCalledTimes(2);
		expect(local.storeDownloaded).toHaveBeenCalledTimes(2);
	});

	it('leaves for a later round the photos whose bytes the server does not have yet', async () => {
		const { local, client } = fakes(0, [0], 0, 2);
		vi.mocked(client.getPhoto).mockRejectedValueOnce(new ServerRefusedError(404, 'not-found', ''));
		const result = await syncRound(client, local, 'dev-1');
		expect(result.downloaded).toBe(1);
		expect(await local.missingBytes(10)).toHaveLength(1);
	});
});

describe('a full disk', () => {
	const quota = () => new DOMException('full', 'QuotaExceededError');

	it('fails the round as storage-full, not as the server, when the first write is refused', async () => {
		const { local, client, left } = fakes(3, [0]);
		vi.mocked(local.nextPushBatch).mockRejectedValueOnce(
			new Dexie.AbortError('Transaction aborted', quota())
		);
		await expect(syncRound(client, local, 'dev-1')).rejects.toBeInstanceOf(StorageFullError);
		expect(client.push).not.toHaveBeenCalled();
		expect(client.pull).not.toHaveBeenCalled();
		expect(local.holdReserve).not.toHaveBeenCalled();
		expect(left()).toBe(3);
	});

	it('gives up the reserve and sends everything, skipping downloads that would use the room', async () => {
		const { local, client, left } = fakes(3, [0, 10], 1, 2);
		vi.mocked(local.releaseReserve).mockResolvedValueOnce(true);
		vi.mocked(local.nextPushBatch).mockRejectedValueOnce(quota());
		const result = await syncRound(client, local, 'dev-1');
		expect(local.releaseReserve).toHaveBeenCalledOnce();
		expect(left()).toBe(0);
		expect(result).toMatchObject({ pushed: 3, photos: 1, pulled: 0, downloaded: 0 });
		expect(result.storageLow).toBe(true);
		expect(client.getPhoto).not.toHaveBeenCalled();
		expect(local.holdReserve).toHaveBeenCalledOnce();
	});

	it('tries a refused write only once: a second refusal fails the round as storage-full', async () => {
		const { local, client } = fakes(3, [0], 2);
		vi.mocked(local.releaseReserve).mockResolvedValue(true);
		vi.mocked(local.markUploaded).mockRejectedValueOnce(quota()).mockRejectedValueOnce(quota());
		await expect(syncRound(client, local, 'dev-1')).rejects.toBeInstanceOf(StorageFullError);
		expect(local.releaseReserve).toHaveBeenCalledOnce();
		expect(client.pull).not.toHaveBeenCalled();
	});

	it('lets a downloaded photo that does not fit wait, without spending the reserve', async () => {
		const { local, client, left } = fakes(2, [0], 0, 3);
		vi.mocked(local.storeDownloaded).mockRejectedValue(quota());
		const result = await syncRound(client, local, 'dev-1');
		expect(left()).toBe(0);
		expect(result).toMatchObject({ downloaded: 0, storageLow: true });
		expect(client.getPhoto).toHaveBeenCalledOnce();
		expect(local.releaseReserve).not.toHaveBeenCalled();
	});

	it('passes other storage failures through unchanged', async () => {
		const { local, client } = fakes(1, [0]);
		const broken = new DOMException('x', 'UnknownError');
		vi.mocked(local.nextPushBatch).mockRejectedValueOnce(broken);
		await expect(syncRound(client, local, 'dev-1')).rejects.toBe(broken);
		expect(local.releaseReserve).not.toHaveBeenCalled();
	});

	it('takes the reserve back after a round that went through', async () => {
		const { local, client } = fakes(1, [0]);
		expect((await syncRound(client, local, 'dev-1')).storageLow).toBe(false);
		expect(local.holdReserve).toHaveBeenCalledOnce();
	});

	it('reports space as short while the reserve cannot be taken back', async () => {
		const { local, client, left } = fakes(1, [0]);
		vi.mocked(local.holdReserve).mockResolvedValueOnce(false);
		expect((await syncRound(client, local, 'dev-1')).storageLow).toBe(true);
		expect(left()).toBe(0);
	});
});

describe('backoffMs', () => {
	it('doubles from 5 s up to 5 minutes, jittered within the upper half', () => {
		expect(backoffMs(1, () => 0)).toBe(2_500);
		expect(backoffMs(1, () => 1)).toBe(5_000);
		expect(backoffMs(3, () => 1)).toBe(20_000);
		expect(backoffMs(30, () => 1)).toBe(300_000);
		expect(backoffMs(30, () => 0)).toBe(150_000);
	});
});
