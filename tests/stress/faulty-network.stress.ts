/**
 * A faulty network (issue #6, part 2): three members' devices work on one inspection and sync
 * through a proxy that drops, delays, duplicates and reorders requests and cuts answers after the
 * server committed. Once the network heals, every device and the server must hold the same
 * state, with every acknowledged answer, note and photo exactly once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { baseJpeg, withExif } from '../fixtures/jpeg';
import { createInspection, item, signIn, syncNow, visitOnline } from '../e2e/pages/app';
import { startServer } from '../e2e/pages/server';
import { openNote } from './lib/drive';
import { NO_FAULTS, startFaultyProxy } from './lib/faulty-proxy';
import { onDevice, onServer, pullAll, type Held } from './lib/records';
import { prng } from './lib/random';
import { FULL, SEED, count } from './sample';

const ROUNDS = count(15, 4);
/**
 * Rounds added while some kind of fault has not happened yet. Cuts only hit pushes and uploads, a
 * few per round, so a short run could end with none: it failed once as a bare "cut" (the label of
 * the check below), which read like an error thrown by the proxy.
 */
const EXTRA_ROUNDS = 4;
const STEP_TIMEOUT = 30_000;
const KINDS = ['dropped', 'delayed', 'duplicated', 'reordered', 'cut'] as const;
const RESULTS = { pass: 'Đạt', fail: 'Không đạt', na: 'Không áp dụng' } as const;
type Result = keyof typeof RESULTS;

/** Each member answers items of their own, so the server's order decides nothing between them. */
const MEMBERS = [
	{ login: 'thanhvien1', items: ['A1', 'A2', 'A3', 'A4', 'A5'] },
	{ login: 'thanhvien2', items: ['B1', 'B2', 'B3', 'B4', 'B5'] },
	{ login: 'truongdoan', items: ['C1', 'C2', 'C3', 'C4', 'C5'] }
] as const;

type Device = { login: string; items: readonly string[]; context: BrowserContext; page: Page };

type Expected = {
	result: Record<string, Result | null>;
	note: Record<string, string>;
	photos: Map<string, string>;
};

async function openDevice(browser: Browser, origin: string, login: string) {
	const context = await browser.newContext({ baseURL: origin });
	// Playwright waits without limit for clicks, file choosers and navigations by default: a step
	// that cannot go on should fail where it stands, not hang until the whole test times out.
	context.setDefaultTimeout(STEP_TIMEOUT);
	context.setDefaultNavigationTimeout(STEP_TIMEOUT);
	const page = await context.newPage();
	await visitOnline(page);
	await signIn(page, login);
	return { context, page };
}

function differences(expected: Expected, held: Held, where: string): string[] {
	const out: string[] = [];
	for (const [itemId, result] of Object.entries(expected.result)) {
		const actual = held.answers[itemId]?.result ?? null;
		if (actual !== result) out.push(`${where}: ${itemId} result ${actual}, acknowledged ${result}`);
	}
	for (const [itemId, note] of Object.entries(expected.note)) {
		const actual = held.answers[itemId]?.note ?? '';
		if (actual !== note) out.push(`${where}: ${itemId} note “${actual}”, acknowledged “${note}”`);
	}
	for (const [name, itemId] of expected.photos) {
		if (held.photos[name] !== 1) out.push(`${where}: photo ${name} ×${held.photos[name] ?? 0}`);
		else if (held.photoItems[name] !== itemId) out.push(`${where}: photo ${name} moved`);
		if (held.bytesMissing.includes(name)) out.push(`${where}: bytes of ${name} missing`);
	}
	for (const name of Object.keys(held.photos)) {
		if (!expected.photos.has(name)) out.push(`${where}: photo ${name} never added`);
	}
	return out;
}

test('three devices syncing through a faulty network converge with nothing lost or doubled', async ({
	browser
}) => {
	test.setTimeout(count(30, 6) * 60_000);
	const started = Date.now();
	// A data directory per mode, so a sample can run while a full run holds the machine.
	const server = await startServer(`faulty-network-${FULL ? 'full' : 'sample'}`);
	const proxy = await startFaultyProxy(server.origin, SEED);
	const rng = prng(SEED);
	const devices: Device[] = [];
	const expected: Expected = { result: {}, note: {}, photos: new Map() };
	try {
		for (const member of MEMBERS) {
			const { context, page } = await openDevice(browser, proxy.origin, member.login);
			devices.push({ ...member, context, page });
		}
		const [first] = devices as [Device];
		await syncNow(first.page);
		await first.page.goto('/');
		const inspectionId = await createInspection(first.page);
		await syncNow(first.page);
		for (const d of devices) await syncNow(d.page);

		// Cuts only hit pushes and uploads, a few a round: a higher rate, so a sample sees them.
		proxy.setRates({ drop: 0.15, delay: 0.3, duplicate: 0.25, reorder: 0.2, cutAfterCommit: 0.4 });
		let photoSerial = 0;
		const missingKinds = () => KINDS.filter((kind) => proxy.stats[kind] === 0);
		let rounds = 0;
		for (let round = 1; round <= ROUNDS + EXTRA_ROUNDS; round++) {
			if (round > ROUNDS && missingKinds().length === 0) break;
			rounds = round;
			await test.step(`seed ${SEED}, round ${round}`, async () => {
				for (const d of devices) {
					await d.page.goto(`/inspections/${inspectionId}`);
					for (let edit = 0; edit < 3; edit++) {
						const itemId = rng.pick(d.items);
						const kind = rng.pick(['answer', 'answer', 'note', 'photo'] as const);
						if (kind === 'answer') {
							// Only this member edits these items, so the model knows what the screen holds.
							// Waiting for it to show means the answers have loaded: read before that, an
							// unchecked radio may be the current answer, and clicking it clears it.
							const before = expected.result[itemId] ?? null;
							if (before) {
								await expect(
									item(d.page, itemId).getByRole('radio', { name: RESULTS[before], exact: true })
								).toHaveAttribute('aria-checked', 'true');
							}
							const choice = rng.pick(
								(Object.keys(RESULTS) as Result[]).filter((r) => r !== before)
							);
							const radio = item(d.page, itemId).getByRole('radio', {
								name: RESULTS[choice],
								exact: true
							});
							await radio.click();
							await expect(radio).toHaveAttribute('aria-checked', 'true');
							expected.result[itemId] = choice;
						} else if (kind === 'note') {
							const text = `Vòng ${round}, ${d.login}, ${rng.int(10_000)}`;
							const box = item(d.page, itemId).getByLabel('Ghi chú');
							await openNote(d.page, itemId, STEP_TIMEOUT);
							await box.fill(text);
							await box.blur();
							await expect(d.page.getByRole('status').first()).toContainText('Đã lưu');
							expected.note[itemId] = text;
						} else {
							const name = `mang-${++photoSerial}.jpg`;
							const bytes = withExif(baseJpeg(), {
								dateTimeOriginal: `2025:03:${String(1 + (photoSerial % 28)).padStart(2, '0')} 10:${String(photoSerial % 60).padStart(2, '0')}:00`
							});
							const chooser = d.page.waitForEvent('filechooser');
							await item(d.page, itemId)
								.getByRole('button', { name: `Chọn ảnh có sẵn cho ${itemId}` })
								.click();
							await (
								await chooser
							).setFiles({ name, mimeType: 'image/jpeg', buffer: Buffer.from(bytes) });
							await expect(d.page.getByText('Đã lưu 1 ảnh.')).toBeVisible();
							expected.photos.set(name, itemId);
						}
					}
				}
				// All three sync at once, so their requests meet in the proxy and overtake each other.
				await Promise.all(
					devices.map(async (d) => {
						await d.page.goto('/sync');
						const button = d.page.getByRole('button', { name: 'Đồng bộ ngay' });
						await button.click();
						await expect(button).toBeEnabled({ timeout: 30_000 });
					})
				);
				console.log(`faulty network, round ${round}: ${JSON.stringify(proxy.stats)}`);
			});
		}

		// The network heals: late copies land, then every device syncs until nothing is left.
		proxy.setRates(NO_FAULTS);
		await proxy.settle();
		for (let pass = 0; pass < 2; pass++) for (const d of devices) await syncNow(d.page);

		const held = await onServer(first.context.request, server.origin, inspectionId);
		const problems = differences(expected, held, 'server');
		for (const [id, rows] of Object.entries(held.rowsPerId)) {
			if (rows > 1) problems.push(`server: row ${id} ×${rows}`);
		}
		const conflicts = (await pullAll(first.context.request, server.origin)).filter(
			(c) => c.entity === 'conflict' && !c.deleted
		);
		// Nobody edited another member's items: a conflict could only come from a replayed push.
		if (conflicts.length > 0) problems.push(`server: ${conflicts.length} conflicts`);
		for (const hash of new Set(held.photoHashes)) {
			if (!(await first.context.request.head(`${server.origin}/api/photos/${hash}`)).ok()) {
				problems.push(`server: bytes ${hash} missing`);
			}
		}
		for (const d of devices) {
			const local = await onDevice(d.page, inspectionId);
			problems.push(...differences(expected, local, d.login));
			expect(local.answers, `${d.login} converged`).toEqual(held.answers);
		}
		const figures = {
			seed: SEED,
			rounds,
			proxy: proxy.stats,
			acknowledged:
				Object.keys(expected.result).length +
				Object.keys(expected.note).length +
				expected.photos.size,
			problems: problems.length,
			durationS: Math.round((Date.now() - started) / 1000)
		};
		console.log(`faulty network: ${JSON.stringify(figures)}`);
		mkdirSync('reports', { recursive: true });
		writeFileSync('reports/faulty-network.json', JSON.stringify(figures, null, '\t') + '\n');
		expect(problems, `seed ${SEED}`).toEqual([]);
		// The faults really happened: a run that disturbed nothing proves nothing.
		expect(missingKinds(), 'fault kinds that never happened').toEqual([]);
	} finally {
		for (const d of devices) await d.context.close();
		await proxy.close();
		await server.kill();
	}
});
