/**
 * The signing walk as fault steps (issue #6: faults "during signing and upload"): draft the
 * minutes, fill what signing needs, lock, sign, seal (which makes the PDF), hand the PDF out and
 * sync (which pushes the minutes and uploads the PDF). The walk reads the screen to know its next
 * stage, so after a fault it resumes wherever the device actually is, as a person would.
 */
import { createHash } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { pullAll } from './records';
import { navigate } from './drive';
import {
	drawSignature,
	fillDraft,
	fillRequirements,
	lockForSigning
} from '../../e2e/pages/minutes';

export type Stage = 'open' | 'draft' | 'fill' | 'sign' | 'seal' | 'pdf' | 'sync' | 'done';

/** What the walk saw acknowledged, on this page, in this walk. */
export type WalkState = { sealed: boolean; pdf: boolean; synced: boolean };

export type MinutesHeld = { signed: { id: string; pdfSha256: string | null }[] };

const SEALING = 90_000;

function markers(page: Page) {
	return {
		create: page.getByRole('button', { name: 'Lập biên bản' }),
		lock: page.getByRole('button', { name: 'Ký biên bản' }),
		confirm: page.getByRole('button', { name: 'Xác nhận chữ ký' }),
		seal: page.getByRole('button', { name: 'Niêm phong và tạo PDF' }),
		signed: page.getByRole('heading', { name: /Biên bản đã ký/ }),
		download: page.getByRole('button', { name: 'Tải biên bản (PDF)' })
	};
}

/** The next stage, read from the screen (after opening the minutes page if it is not open). */
export async function nextStage(page: Page, inspectionId: string, state: WalkState) {
	if (state.pdf) return state.synced ? 'done' : 'sync';
	if (!new URL(page.url(), 'http://x').pathname.endsWith(`/inspections/${inspectionId}/minutes`)) {
		return 'open';
	}
	const m = markers(page);
	const any = m.create.or(m.lock).or(m.confirm).or(m.seal).or(m.signed);
	await expect(any.first()).toBeVisible({ timeout: 30_000 });
	if (await m.signed.isVisible()) return 'pdf';
	if (await m.seal.isVisible()) return 'seal';
	if (await m.confirm.isVisible()) return 'sign';
	if (await m.lock.isVisible()) return 'fill';
	return 'draft';
}

/** One stage of the walk; `state` records what the screen acknowledged on the way. */
export async function runStage(
	page: Page,
	origin: string,
	inspectionId: string,
	stage: Stage,
	state: WalkState
): Promise<void> {
	const m = markers(page);
	if (stage === 'open') {
		await navigate(page, `${origin}/inspections/${inspectionId}/minutes`);
		await expect(m.create.or(m.lock).or(m.confirm).or(m.seal).or(m.signed).first()).toBeVisible({
			timeout: 30_000
		});
	} else if (stage === 'draft') {
		await m.create.click();
		await expect(m.lock).toBeVisible();
	} else if (stage === 'fill') {
		await fillDraft(page);
		await fillRequirements(page);
		await lockForSigning(page);
	} else if (stage === 'sign') {
		const name = page.getByLabel('Họ và tên người ký');
		if (!(await name.inputValue())) await name.fill('Người ký thử');
		await drawSignature(page);
		await m.confirm.click();
		await expect(m.confirm.or(m.seal).first()).toBeVisible();
	} else if (stage === 'seal') {
		await m.seal.click();
		await expect(m.signed).toBeVisible({ timeout: SEALING });
		state.sealed = true;
		// Busy until the PDF is made and stored; an error would show as an alert.
		await expect(m.download).toBeEnabled({ timeout: SEALING });
	} else if (stage === 'pdf') {
		state.sealed = true;
		await expect(m.download).toBeEnabled({ timeout: SEALING });
		const missing = page.getByText('Máy này chưa có tệp PDF của biên bản.');
		const download = page.waitForEvent('download', { timeout: 15_000 });
		download.catch(() => undefined);
		await m.download.click();
		const outcome = await Promise.race([
			download.then(() => 'downloaded' as const),
			missing.waitFor({ timeout: 15_000 }).then(() => 'missing' as const)
		]);
		if (outcome === 'missing') {
			// Cut between sealing and storing the PDF: the person makes it again from the seal.
			await page.getByRole('button', { name: 'Tạo PDF', exact: true }).click();
			await expect(m.download).toBeEnabled({ timeout: SEALING });
			const again = page.waitForEvent('download', { timeout: 15_000 });
			await m.download.click();
			await again;
		}
		state.pdf = true;
	} else if (stage === 'sync') {
		await navigate(page, `${origin}/sync`);
		const button = page.getByRole('button', { name: 'Đồng bộ ngay' });
		await button.click();
		await expect(button).toBeEnabled({ timeout: 30_000 });
		state.synced = true;
	}
}

/** Sealed minutes of the inspection on the device, each with its PDF's SHA-256 if stored. */
export async function minutesOnDevice(page: Page, inspectionId: string): Promise<MinutesHeld> {
	const rows = await page.evaluate(
		(id) =>
			new Promise<{ id: string; status: string; pdf: string | null }[]>((resolve, reject) => {
				const open = indexedDB.open('kiem-tra');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction(['minutes', 'minutesPdf']);
					const out: { id: string; status: string; pdf: string | null }[] = [];
					const pdfs = new Map<string, string>();
					tx.objectStore('minutesPdf').getAll().onsuccess = (e) => {
						for (const p of (e.target as IDBRequest<{ minutesId: string; sha256: string }[]>)
							.result) {
							pdfs.set(p.minutesId, p.sha256);
						}
					};
					tx.objectStore('minutes').index('inspectionId').getAll(id).onsuccess = (e) => {
						for (const m of (e.target as IDBRequest<{ id: string; status: string }[]>).result) {
							out.push({ id: m.id, status: m.status, pdf: null });
						}
					};
					tx.oncomplete = () => {
						open.result.close();
						resolve(out.map((m) => ({ ...m, pdf: pdfs.get(m.id) ?? null })));
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		inspectionId
	);
	return {
		signed: rows.filter((r) => r.status === 'signed').map((r) => ({ id: r.id, pdfSha256: r.pdf }))
	};
}

/** Sealed minutes of the inspection in the server's feed, each with the PDF it stores. */
export async function minutesOnServer(
	request: APIRequestContext,
	origin: string,
	inspectionId: string
): Promise<MinutesHeld> {
	const rows = (await pullAll(request, origin)).filter(
		(c) => c.entity === 'minutes' && c.inspectionId === inspectionId && !c.deleted
	);
	const signed: MinutesHeld['signed'] = [];
	for (const row of rows) {
		const pdf = await request.get(`${origin}/api/minutes/${row.entityId}/pdf`);
		signed.push({
			id: row.entityId,
			pdfSha256: pdf.ok()
				? createHash('sha256')
						.update(await pdf.body())
						.digest('hex')
				: null
		});
	}
	return { signed };
}
