import { liveQuery } from 'dexie';
import { describe, expect, it } from 'vitest';
import * as answers from './answers';
import * as minutes from './minutes';
import { PASS_FAIL, createInspection, useFreshDatabase } from './test-fixtures';
import { waiting, waitingTotal } from './waiting';

useFreshDatabase();

describe('waiting', () => {
	it('counts a sealed PDF the server has not confirmed, until it is marked uploaded', async () => {
		expect(await waiting()).toEqual({ changes: 0, photos: 0, pdfs: 0 });
		await minutes.storePdf('m1', new Uint8Array([0x25, 0x50, 0x44, 0x46]).buffer, 'a'.repeat(64));
		const inspection = await createInspection();
		await answers.save(inspection, PASS_FAIL, { result: 'pass' });
		const before = await waiting();
		expect(before).toEqual({ changes: 2, photos: 0, pdfs: 1 });
		expect(waitingTotal(before)).toBe(3);
		await minutes.markPdfUploaded('m1');
		expect((await waiting()).pdfs).toBe(0);
	});

	it('as a live query, sees the PDF go even though it reads three tables', async () => {
		await minutes.storePdf('m1', new Uint8Array([0x25]).buffer, 'b'.repeat(64));
		const seen: number[] = [];
		let sawZero: () => void = () => {};
		const zero = new Promise<void>((resolve) => (sawZero = resolve));
		const subscription = liveQuery(() => waiting()).subscribe((w) => {
			seen.push(w.pdfs);
			if (w.pdfs === 0) sawZero();
		});
		try {
			await expect.poll(() => seen.length).toBeGreaterThan(0);
			await minutes.markPdfUploaded('m1');
			await zero;
			expect(seen).toEqual([1, 0]);
		} finally {
			subscription.unsubscribe();
		}
	});
});
