/**
 * Crash and network faults (issue #6, part 1). Seeded random trials against a server of this
 * run's own: each trial answers items, writes notes, adds photos and syncs, or walks the minutes
 * from draft to sealed PDF and its upload, and at a random moment closes the page, reloads it,
 * takes the network away or kills the server. What the screen acknowledged is recorded as it
 * happens; after the trial the device must hold every acknowledged record, and after a clean sync
 * the server must hold each exactly once.
 *
 * A step the harness could not drive (a fault left the page closed, navigating or wedged) is
 * counted as a drive failure and the page is reopened; it acknowledged nothing, so it cannot pass
 * for loss, and the comparisons of acknowledged with stored data stay strict.
 *
 * STRESS_SEED=<seed> replays a run; a failure names the seed and the trial.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { baseJpeg, withExif } from '../fixtures/jpeg';
import { createInspection, item, signIn, syncNow, visitOnline } from '../e2e/pages/app';
import { startServer } from '../e2e/pages/server';
import {
	bounded,
	classify,
	navigate,
	openNote,
	reloadFromPage,
	type DriveFailure
} from './lib/drive';
import {
	RESULTS,
	acknowledgedCount,
	compare,
	compareMinutesOnDevice,
	compareMinutesOnServer,
	newModel,
	type Findings,
	type Model,
	type Result
} from './lib/fault-model';
import { minutesOnDevice, minutesOnServer, nextStage, runStage } from './lib/minutes-walk';
import type { WalkState } from './lib/minutes-walk';
import { onDevice, onServer } from './lib/records';
import { prng, type Random } from './lib/random';
import { FULL, SEED, count } from './sample';

const TRIALS = count(200, 12);
/** Trials between two checks against the server (each check is a clean sync). */
const SERVER_CHECK_EVERY = count(10, 4);
/** A new inspection now and then keeps the page light as photos pile up. */
const TRIALS_PER_INSPECTION = 40;
/** The signing walk is slow: a seeded fraction of the full run's trials, and one every run has. */
const SIGN_RATE = count(0.06, 0);
const SIGN_TRIAL = count(100, 7);
/** A step the fault cut off gives up after this, instead of waiting out the whole test. */
const STEP_TIMEOUT = 15_000;
/** A faulted step still running after this is abandoned: it can acknowledge nothing any more. */
const FAULTED_STEP_LIMIT = 90_000;
const ITEMS = ['A1', 'A2', 'A3', 'A4', 'A5', 'B1', 'B2', 'B3'] as const;
type Fault = 'close' | 'reload' | 'offline' | 'kill';
const FAULTS: Fault[] = ['close', 'reload', 'offline', 'kill'];
const noop = () => undefined;

const figures = {
	seed: SEED,
	full: FULL,
	trials: 0,
	signingTrials: 0,
	/** signing walks that ended with sealed minutes and their PDF handed out */
	minutesSealed: 0,
	faults: { close: 0, reload: 0, offline: 0, kill: 0 } as Record<Fault, number>,
	/** acknowledgements the screen gave (a record acknowledged twice, e.g. edited, counts twice) */
	acknowledged: 0,
	/** acknowledged records compared with the device, summed over the trials */
	checkedOnDevice: 0,
	/** acknowledged records compared with the server, summed over the server checks */
	checkedOnServer: 0,
	lost: 0,
	duplicates: 0,
	/** steps outside the faulted one that could not be driven, by cause (not data findings) */
	driveFailures: {
		'page-closed': 0,
		navigation: 0,
		'context-destroyed': 0,
		timeout: 0,
		other: 0
	} as Record<DriveFailure, number>,
	/** signing walks by the stage the fault landed in */
	signingFaultAt: {} as Record<string, number>,
	/** pages replaced because the old one could not be driven any more */
	pagesReplaced: 0,
	durationS: 0
};

test('random crashes and network faults lose and duplicate nothing the screen acknowledged', async ({
	browser
}) => {
	// A budget, not a measure: the sample took 2.6 min alone and 5.1 min beside a full run.
	test.setTimeout(FULL ? 75 * 60_000 : 8 * 60_000);
	const started = Date.now();
	// A data directory per mode, so a sample can run while a full run holds the machine.
	const server = await startServer(`faults-${FULL ? 'full' : 'sample'}`);
	let context!: BrowserContext;
	let page!: Page;
	let serverUp = true;
	let offline = false;
	let photoSerial = 0;
	/** Bumped when a faulted step is abandoned, so its late acknowledgement is not recorded. */
	let epoch = 0;

	async function newProfile() {
		context = await browser.newContext({ baseURL: server.origin });
		context.setDefaultTimeout(STEP_TIMEOUT);
		context.setDefaultNavigationTimeout(STEP_TIMEOUT);
		page = await context.newPage();
		await visitOnline(page);
		await signIn(page, 'thanhvien1');
		await syncNow(page);
	}

	await newProfile();
	await page.goto('/');
	let inspectionId = await createInspection(page);
	let model = newModel();
	let trialsOnInspection = 0;
	const checked: { inspectionId: string; model: Model }[] = [];

	function driveFailed(error: unknown) {
		figures.driveFailures[classify(error)]++;
	}

	async function replacePage() {
		figures.pagesReplaced++;
		if (!page.isClosed()) await bounded(page.close(), 10_000, 'page.close').catch(noop);
		page = await context.newPage();
	}

	async function openInspection(force = false) {
		if (page.isClosed()) page = await context.newPage();
		else if (!force && page.url().endsWith(`/inspections/${inspectionId}`)) return;
		await navigate(page, `${server.origin}/inspections/${inspectionId}`);
		// Generous: two CPUs are shared with other suites, and a load after a crash reopens the database.
		await expect(item(page, 'A1')).toBeVisible({ timeout: 30_000 });
	}

	async function heal() {
		if (offline) await context.setOffline(false);
		offline = false;
		if (!serverUp) await server.restart();
		serverUp = true;
	}

	/**
	 * Back to the inspection after a fault or a step that could not be driven: the same page,
	 * then a new page (the old one may be wedged), then with the fault healed. Failing all three
	 * is the app failing to open, which fails the test as such, not as loss.
	 */
	async function recover(where: string, force = true) {
		let last: unknown;
		for (let attempt = 1; attempt <= 3; attempt++) {
			try {
				if (attempt > 1) await replacePage();
				if (attempt === 3) await heal();
				await openInspection(force || attempt > 1);
				return;
			} catch (error) {
				last = error;
			}
		}
		throw new Error(`${where}: the inspection no longer opens after a fault`, { cause: last });
	}

	/** A step outside the fault: if it cannot be driven, it acknowledged nothing; go on. */
	async function drive(where: string, work: () => Promise<void>) {
		try {
			await work();
		} catch (error) {
			driveFailed(error);
			await recover(where);
		}
	}

	async function cleanSync(where: string) {
		// A round the fault cut short may still be unwinding: "Đồng bộ ngay" again until it is clean.
		for (let attempt = 1; ; attempt++) {
			try {
				await syncNow(page);
				return;
			} catch (error) {
				if (attempt >= 4) {
					throw new Error(`${where}: no clean sync after healing`, { cause: error });
				}
				driveFailed(error);
				if (attempt >= 2) await replacePage();
				await recover(where);
			}
		}
	}

	function record(findings: Findings, where: string) {
		figures.lost += findings.lost.length;
		figures.duplicates += findings.dupes.length;
		expect([...findings.lost, ...findings.dupes], where).toEqual([]);
	}

	/** Reads the device; an evaluation a reload cut off says nothing about the data: read again. */
	async function readDevice(where: string, id: string) {
		for (let attempt = 1; ; attempt++) {
			try {
				const held = await bounded(onDevice(page, id), 30_000, 'reading the device');
				const minutes = await bounded(minutesOnDevice(page, id), 30_000, 'reading minutes');
				return { held, minutes };
			} catch (error) {
				if (attempt >= 3) throw error;
				driveFailed(error);
				await recover(where);
			}
		}
	}

	async function checkDevice(where: string) {
		const { held, minutes } = await readDevice(where, inspectionId);
		const found = compare(model, held, 'device');
		const m = compareMinutesOnDevice(model, minutes, 'device');
		record({ lost: [...found.lost, ...m.lost], dupes: [...found.dupes, ...m.dupes] }, where);
		figures.checkedOnDevice += acknowledgedCount(model);
	}

	async function checkServer(reason: string) {
		await heal();
		await cleanSync(reason);
		for (const entry of [...checked, { inspectionId, model }]) {
			const held = await onServer(context.request, server.origin, entry.inspectionId);
			const found = compare(entry.model, held, `server (${reason})`);
			for (const [id, rows] of Object.entries(held.rowsPerId)) {
				if (rows > 1) found.dupes.push(`server: row ${id} ×${rows}`);
			}
			for (const hash of new Set(held.photoHashes)) {
				const head = await context.request.head(`${server.origin}/api/photos/${hash}`);
				if (!head.ok()) found.lost.push(`server: bytes of photo ${hash} missing`);
			}
			const m = compareMinutesOnServer(
				entry.model,
				await minutesOnServer(context.request, server.origin, entry.inspectionId)
			);
			found.lost.push(...m.lost);
			found.dupes.push(...m.dupes);
			record(found, `seed ${SEED}, ${reason}`);
			figures.checkedOnServer += acknowledgedCount(entry.model);
		}
	}

	/** A step (acknowledged or not) as a function the fault may interrupt. */
	async function answerStep(rng: Random) {
		const itemId = rng.pick(ITEMS);
		const known = model.result[itemId];
		if (known && [known.acked, ...known.attempted].every((r) => r !== null)) {
			// The item holds an answer: wait until it shows, since a radio read as unchecked before
			// the answers load may be the current answer, and clicking that one clears it.
			await expect(item(page, itemId).locator('[role="radio"][aria-checked="true"]')).toHaveCount(
				1
			);
		}
		const current = (await item(page, itemId)
			.getByRole('radio')
			.evaluateAll((els) => els.map((el) => el.getAttribute('aria-checked')))) as string[];
		const choice = rng.pick(
			(Object.keys(RESULTS) as Result[]).filter((_, i) => current[i] !== 'true')
		);
		const entry = (model.result[itemId] ??= { acked: null, attempted: [] });
		entry.attempted.push(choice);
		const mine = epoch;
		return async (on: Page) => {
			const radio = item(on, itemId).getByRole('radio', { name: RESULTS[choice], exact: true });
			await radio.click();
			await expect(radio).toHaveAttribute('aria-checked', 'true');
			if (mine !== epoch) return;
			entry.acked = choice;
			entry.attempted = [];
			figures.acknowledged++;
		};
	}

	async function noteStep(rng: Random, trial: number) {
		const itemId = rng.pick(ITEMS);
		const text = `Ghi chú thử ${trial}-${rng.int(1000)}`;
		const entry = (model.note[itemId] ??= { acked: '', attempted: [] });
		entry.attempted.push(text);
		const mine = epoch;
		return async (on: Page) => {
			const box = item(on, itemId).getByLabel('Ghi chú');
			await openNote(on, itemId, STEP_TIMEOUT);
			await box.fill(text);
			await box.blur();
			await expect(on.getByRole('status').first()).toContainText('Đã lưu');
			await expect(box).toHaveValue(text);
			if (mine !== epoch) return;
			entry.acked = text;
			entry.attempted = [];
			figures.acknowledged++;
		};
	}

	async function photoStep(rng: Random, trial: number) {
		const itemId = rng.pick(ITEMS);
		const name = `anh-${trial}-${++photoSerial}.jpg`;
		const before = await item(page, itemId).getByRole('img').count();
		const entry = { itemId, acked: false };
		model.photos.set(name, entry);
		// Distinct bytes per photo, so every upload is a new file for the server to store.
		const bytes = withExif(baseJpeg(), {
			dateTimeOriginal: `2025:0${1 + (photoSerial % 9)}:1${photoSerial % 10} 09:${String(photoSerial % 60).padStart(2, '0')}:00`
		});
		const mine = epoch;
		return async (on: Page) => {
			const chooser = on.waitForEvent('filechooser');
			// A fault may close the page before the chooser opens: that must not fail the run.
			chooser.catch(noop);
			await item(on, itemId)
				.getByRole('button', { name: `Chọn ảnh có sẵn cho ${itemId}` })
				.click();
			await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer: Buffer.from(bytes) });
			await expect(on.getByText('Đã lưu 1 ảnh.')).toBeVisible();
			await expect(item(on, itemId).getByRole('img')).toHaveCount(before + 1);
			if (mine !== epoch) return;
			entry.acked = true;
			figures.acknowledged++;
		};
	}

	async function syncStep() {
		return async (on: Page) => {
			await navigate(on, `${server.origin}/sync`);
			const button = on.getByRole('button', { name: 'Đồng bộ ngay' });
			await button.click();
			await expect(button).toBeEnabled({ timeout: STEP_TIMEOUT });
			if (on === page) await openInspection();
		};
	}

	async function inject(fault: Fault, rng: Random) {
		figures.faults[fault]++;
		if (fault === 'close') {
			await bounded(page.close(), 10_000, 'page.close').catch(noop);
			page = await context.newPage();
		} else if (fault === 'reload') {
			await reloadFromPage(page).catch(noop);
		} else if (fault === 'offline') {
			offline = !offline;
			await context.setOffline(offline);
		} else if (serverUp) {
			await server.kill();
			serverUp = false;
		} else {
			await server.restart();
			serverUp = true;
		}
		// Sometimes the device comes back at once, sometimes it works on through the fault.
		if (rng.chance(0.5)) await heal();
	}

	/** Runs `work` on the page and lands the fault a random moment after it starts. */
	async function faulted(work: Promise<void>, rng: Random, window: number) {
		let settled = false;
		const running = work.catch(noop).finally(() => (settled = true));
		await new Promise((wait) => setTimeout(wait, rng.int(window)));
		await inject(rng.pick(FAULTS), rng);
		await bounded(running, FAULTED_STEP_LIMIT, 'faulted step').catch(noop);
		if (!settled) epoch++;
	}

	async function workTrial(rng: Random, trial: number, where: string) {
		const steps = 2 + rng.int(4);
		const faultAt = rng.int(steps);
		for (let s = 0; s < steps; s++) {
			const kind = rng.pick(['answer', 'answer', 'note', 'photo', 'sync'] as const);
			let run: ((on: Page) => Promise<void>) | undefined;
			await drive(where, async () => {
				run =
					kind === 'answer'
						? await answerStep(rng)
						: kind === 'note'
							? await noteStep(rng, trial)
							: kind === 'photo'
								? await photoStep(rng, trial)
								: await syncStep();
			});
			if (!run) continue;
			const step = run;
			if (s !== faultAt) {
				await drive(where, () => step(page));
				continue;
			}
			await faulted(step(page), rng, kind === 'sync' ? 600 : 250);
			await recover(where);
		}
	}

	/** Draft → lock → sign → seal → PDF → sync, with the fault at one stage of it. */
	async function signingTrial(rng: Random, where: string) {
		figures.signingTrials++;
		const state: WalkState = { sealed: false, pdf: false, synced: false };
		const faultAt = rng.int(8);
		for (let n = 0; n < 30; n++) {
			try {
				const stage = await nextStage(page, inspectionId, state);
				if (stage === 'done') break;
				const work = runStage(page, server.origin, inspectionId, stage, state);
				if (n === faultAt) {
					figures.signingFaultAt[stage] = (figures.signingFaultAt[stage] ?? 0) + 1;
					await faulted(work, rng, stage === 'seal' ? 3000 : 800);
				} else await work;
			} catch (error) {
				driveFailed(error);
				if (page.isClosed() || classify(error) === 'timeout') await replacePage();
			}
		}
		// Only what this walk saw on the screen counts as acknowledged.
		if (state.sealed && !model.minutes.sealed) figures.acknowledged++;
		if (state.pdf && !model.minutes.pdf) figures.acknowledged++;
		model.minutes = { ...model.minutes, sealed: state.sealed, pdf: state.pdf };
		if (state.pdf) figures.minutesSealed++;
		await recover(where);
	}

	async function nextInspection(reason: string) {
		await checkServer(reason);
		checked.push({ inspectionId, model });
		for (let attempt = 1; ; attempt++) {
			try {
				await navigate(page, `${server.origin}/`);
				inspectionId = await createInspection(page);
				break;
			} catch (error) {
				if (attempt >= 3) throw error;
				driveFailed(error);
				await replacePage();
				await page.goto('/');
			}
		}
		model = newModel();
		trialsOnInspection = 0;
	}

	for (let trial = 1; trial <= TRIALS; trial++) {
		const rng = prng(SEED * 1000 + trial);
		const where = `seed ${SEED}, trial ${trial}`;
		await test.step(where, async () => {
			if (trialsOnInspection >= TRIALS_PER_INSPECTION) {
				await nextInspection(`before inspection change, ${where}`);
			}
			trialsOnInspection++;
			await recover(where, false);
			const signing = rng.chance(SIGN_RATE) || trial === SIGN_TRIAL;
			if (signing) await signingTrial(rng, where);
			else await workTrial(rng, trial, where);
			figures.trials++;
			// The device, straight after the trial: faults or not, it keeps what it acknowledged.
			await checkDevice(where);
			// Signed minutes close the inspection: its checklist is read-only from now on.
			if (signing) await nextInspection(`after signing, ${where}`);
			else if (trial % SERVER_CHECK_EVERY === 0 || trial === TRIALS) await checkServer(where);
			if (trial % SERVER_CHECK_EVERY === 0) {
				const { acknowledged, lost, duplicates, driveFailures } = figures;
				const soFar = { acknowledged, lost, duplicates, driveFailures };
				console.log(
					`faults, ${where}, ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(soFar)}`
				);
			}
			if (trial % 50 === 0) {
				// A fresh profile now and then, as another session of the same member would be.
				await heal();
				await cleanSync(where);
				await context.close();
				await newProfile();
			}
		});
	}
	figures.durationS = Math.round((Date.now() - started) / 1000);
	await context.close();
	await server.kill();
	mkdirSync('reports', { recursive: true });
	writeFileSync('reports/faults.json', JSON.stringify(figures, null, '\t') + '\n');
	console.log(`faults: ${JSON.stringify(figures)}`);
	expect(figures.lost).toBe(0);
	expect(figures.duplicates).toBe(0);
	expect(figures.trials).toBe(TRIALS);
	// A run whose signing walks all failed to be driven would prove nothing about signing.
	expect(figures.minutesSealed, 'signing walks that sealed and handed out the PDF').toBeGreaterThan(
		0
	);
});
