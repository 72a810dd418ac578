/**
 * 200 devices syncing at once against one server: each pushes a realistic batch and then pulls
 * until it is up to date, all started together; latency per request kind and every error,
 * against the same requests (same bodies, same answer sizes) to a raw node:http server.
 */
import { ms } from './lib/report.js';
import { percentile } from './lib/stats.js';
import { appSync, buildCity, emptyRound, pool, rawSync } from './lib/city.js';
import { answerMutations, startRawJsonServer, startSyncServer } from './lib/sync.js';

export const title = '200 devices syncing at once';

const DELEGATIONS = 20;
const PEOPLE = 5;
const DEVICES_PER_PERSON = 2;
const DEVICES = DELEGATIONS * PEOPLE * DEVICES_PER_PERSON;
/** Answered fields a device pushes per round: a stretch of work offline. */
const BATCH = 25;
const WARMUP_DEVICES = 20;
/** app, raw, raw, app: drift on the machine lands on both paths. */
const ORDER = /** @type {const} */ (['app', 'raw', 'raw', 'app']);

/**
 * @typedef {import('./lib/city.js').Device} Device
 * @typedef {import('./lib/city.js').Round} Round
 * @typedef {import('./lib/city.js').Script} Script
 */

/** @param {number[]} pages per device */
function pagesPulled(pages) {
	const [least, most] = [Math.min(...pages), Math.max(...pages)];
	const page = (/** @type {number} */ n) => `${n} page${n === 1 ? '' : 's'}`;
	return least === most
		? `every device pulled ${page(least)}`
		: `a device pulled ${least} to ${page(most)}`;
}

/**
 * Every device starts at the same moment.
 * @template T
 * @param {T[]} items
 * @param {(item: T, i: number) => Promise<unknown>} task
 */
async function allAtOnce(items, task) {
	const started = performance.now();
	await Promise.all(items.map(task));
	return performance.now() - started;
}

/**
 * @param {Device} device
 * @param {string} prefix
 */
function pushBody(device, prefix) {
	const mutations = answerMutations({
		inspectionId: device.inspectionId,
		deviceId: device.session.deviceId,
		by: device.name,
		count: BATCH,
		prefix: `${prefix}-${device.session.deviceId}`
	});
	return JSON.stringify({ deviceId: device.session.deviceId, mutations });
}

/** @param {import('./lib/context.js').BenchContext} ctx */
export async function run(ctx) {
	const server = await startSyncServer(ctx, 'sync-devices');
	const raw = await startRawJsonServer();
	try {
		ctx.log(`${DELEGATIONS} delegations of ${PEOPLE}, ${DEVICES} devices logging in…`);
		const setupStarted = performance.now();
		const devices = await buildCity(server.origin, {
			delegations: DELEGATIONS,
			people: PEOPLE,
			devicesPerPerson: DEVICES_PER_PERSON
		});
		const setupMs = performance.now() - setupStarted;
		// Each device catches up once, unmeasured: a device syncs from where it last was.
		const firstSync = emptyRound();
		await pool(devices, 10, (d) => appSync(d, pushBody(d, 'first'), firstSync).then(() => {}));
		if (firstSync.errors.length) throw new Error(`first sync: ${firstSync.errors[0]}`);

		const warm = emptyRound();
		const warmScripts = await Promise.all(
			devices.slice(0, WARMUP_DEVICES).map((d) => appSync(d, pushBody(d, 'warm'), warm))
		);
		await Promise.all(warmScripts.map((s) => rawSync(raw.origin, s, warm)));

		/** @type {{ app: Round[], raw: Round[] }} */
		const rounds = { app: [], raw: [] };
		/** @type {Script[]} */
		let scripts = [];
		for (const [n, path] of ORDER.entries()) {
			ctx.log(`round ${n + 1}: ${DEVICES} devices at once, ${path}…`);
			const round = emptyRound();
			if (path === 'app') {
				/** @type {Script[]} */
				const sent = [];
				round.wallMs = await allAtOnce(devices, async (d, i) => {
					sent[i] = await appSync(d, pushBody(d, `R${n + 1}`), round);
				});
				scripts = sent;
			} else {
				round.wallMs = await allAtOnce(scripts, (s) => rawSync(raw.origin, s, round));
			}
			rounds[path].push(round);
		}
		return report({ rounds, devices, setupMs, scripts });
	} finally {
		await raw.stop();
		await server.stop();
	}
}

/**
 * @param {{ rounds: { app: Round[], raw: Round[] }, devices: Device[], setupMs: number,
 *   scripts: Script[] }} measured
 */
function report({ rounds, devices, setupMs, scripts }) {
	/** @param {Round[]} list @param {'push' | 'pull' | 'device'} kind */
	const pooled = (list, kind) => list.flatMap((r) => r[kind]);
	/** @param {'push' | 'pull' | 'device'} kind @param {number} p */
	const figure = (kind, p) => ({
		value: percentile(pooled(rounds.app, kind), p),
		baseline: percentile(pooled(rounds.raw, kind), p)
	});
	const errors = (/** @type {Round[]} */ list) => list.reduce((n, r) => n + r.errors.length, 0);
	const pages = scripts.map((s) => s.pulls.length);
	/** @param {string} name @param {number[]} t */
	const row = (name, t) => [
		name,
		t.length,
		ms(percentile(t, 50)),
		ms(percentile(t, 99)),
		ms(Math.max(...t))
	];
	/** @param {'app' | 'raw'} path @param {Round} r @param {number} i */
	const roundRow = (path, r, i) => [
		`${path} ${i + 1}`,
		ms(r.wallMs),
		r.push.length,
		r.pull.length,
		r.errors.length
	];
	const allErrors = [...rounds.app, ...rounds.raw].flatMap((r) => r.errors);
	return {
		title,
		what: [
			`${DEVICES} simulated devices (Node \`fetch\`, each with its own session cookie and device`,
			'id) sync against one production server (`node build`, its own SQLite database) at the',
			'same moment: each pushes one batch and then pulls from its own cursor until the server',
			'says there is no more, as the sync engine does, all started together. The city: the',
			`admin API creates ${DELEGATIONS} delegations of ${PEOPLE} people (a head and members)`,
			`with one inspection assigned to each, and every person logs in on ${DEVICES_PER_PERSON}`,
			`devices. A device’s batch is ${BATCH} answered fields (results, and a note for every`,
			'third item) of its delegation’s inspection; its pull brings back what its delegation',
			'pushed meanwhile, its own changes included, which the bench checks. Raw baseline: the',
			`same ${DEVICES} request sequences at the same moment against a plain \`node:http\``,
			'server on 127.0.0.1: each push body byte for byte (read and `JSON.parse`d, answered',
			'with a small JSON), and each pull answered with as many bytes of JSON as the app’s',
			'answer to it had. Rounds app, raw, raw, app; latencies are pooled over the two rounds',
			'of each path and measured from the request to its answer read.'
		].join(' '),
		figures: [
			{
				name: `${DEVICES} devices at once: push, p50`,
				...figure('push', 50),
				unit: 'ms',
				goal: null
			},
			{
				name: `${DEVICES} devices at once: push, p99`,
				...figure('push', 99),
				unit: 'ms',
				goal: null
			},
			{
				name: `${DEVICES} devices at once: pull, p50`,
				...figure('pull', 50),
				unit: 'ms',
				goal: null
			},
			{
				name: `${DEVICES} devices at once: pull, p99`,
				...figure('pull', 99),
				unit: 'ms',
				goal: null
			},
			{
				name: `${DEVICES} devices at once: errors`,
				value: errors(rounds.app),
				baseline: errors(rounds.raw),
				unit: 'count',
				goal: { text: '0 errors', maxValue: 0 }
			}
		],
		tables: [
			{
				caption:
					'Latency, pooled over the rounds of each path (from the request to its answer read):',
				head: ['Requests', 'n', 'p50', 'p99', 'max'],
				rows: [
					row('app: push', pooled(rounds.app, 'push')),
					row('raw: push (**baseline**)', pooled(rounds.raw, 'push')),
					row('app: pull, per page', pooled(rounds.app, 'pull')),
					row('raw: pull, per page (**baseline**)', pooled(rounds.raw, 'pull')),
					row('app: whole device (push + pulls)', pooled(rounds.app, 'device')),
					row('raw: whole device (push + pulls)', pooled(rounds.raw, 'device'))
				]
			},
			{
				caption: 'Each round (wall time: from the first request to the last answer):',
				head: ['Round', 'wall time', 'pushes', 'pulls', 'errors'],
				rows: [
					...rounds.app.map((r, i) => roundRow('app', r, i)),
					...rounds.raw.map((r, i) => roundRow('raw', r, i))
				]
			}
		],
		notes: [
			`Setup, not measured: ${DELEGATIONS * PEOPLE} accounts created and ${devices.length} ` +
				`logins, in ${(setupMs / 1000).toFixed(1)} s. Every device logs in through ` +
				'`POST /api/auth/login` like the app, two at a time: each login is one argon2 ' +
				'verification, which is the point of it, and the login rate limiter counts failed ' +
				'logins only, so successful ones never meet it. The burst measured is sync, not login.',
			'Before the rounds each device catches up once (unmeasured, ten at a time), so that each ' +
				'pull in a round starts from that device’s cursor as it would in the field; 20 ' +
				'devices then make one unmeasured round against each server to warm both up.',
			`In the last app round ${pagesPulled(pages)}: its delegation’s pushes that were ` +
				'committed before its pull, its own included.',
			'An error is any request that fails or answers other than 2xx, a mutation not applied, ' +
				'or a pushed change missing from the same device’s pull. ' +
				(allErrors.length ? `First error: ${allErrors[0]}.` : 'There were none.'),
			'The server is one Node process whose queries run one at a time on one SQLite ' +
				'connection, so requests that arrive together wait for each other: push latency is ' +
				'mostly that queue, and the round’s wall time is what the server needs for all of it.',
			'The pull figures compare requests that arrive differently. In an app round a device ' +
				'pulls once its push has come back, so the pulls are spread over the seconds the ' +
				'pushes take and each meets a shorter queue; in a raw round every push comes back ' +
				'within a few hundred milliseconds and all pulls arrive nearly together. A pull ' +
				'median below the raw one says that, not that pulling is cheap; the whole-device ' +
				'rows compare what a device waits for.',
			`The ${DEVICES} clients run in the bench’s own Node process and share the 2 cores ` +
				'with the server, in both paths.'
		]
	};
}
