/**
 * What the sync benches share: a server of their own, sessions got the way a device gets them,
 * the mutations a device sends, and the raw node:http floors they are measured against.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { track } from './cleanup.js';
import { ROOT } from './paths.js';
import { freePort, startNodeBuild } from './servers.js';

const HOST = '127.0.0.1';

/**
 * @typedef {object} Session what a device holds after logging in
 * @property {string} origin
 * @property {string} cookie `kt_session=…`, ready for a Cookie header
 * @property {string} deviceId
 * @property {any} account the login answer (user and delegations)
 *
 * @typedef {{ mutationId: string, entity: string, entityId: string, inspectionId: string,
 *   op: 'upsert' | 'delete', patch: Record<string, unknown>, at: string,
 *   base: Record<string, number> }} PushMutation
 */

/** The demo accounts' passwords (src/lib/server/seed.ts). */
export const demoPassword = (/** @type {string} */ login) => `demo-${login}-2025`;

/**
 * A production server with a database of its own (a fresh DATA_DIR, seeded with the demo
 * accounts at start), started as `npm start` starts it: BODY_SIZE_LIMIT 16M for photos.
 * @param {import('./context.js').BenchContext} ctx
 * @param {string} name
 */
export async function startSyncServer(ctx, name) {
	const appDir = await ctx.app();
	const dataDir = join(ctx.work, name, 'data');
	mkdirSync(dataDir, { recursive: true });
	const server = await startNodeBuild(appDir, {
		env: { DATA_DIR: dataDir, BODY_SIZE_LIMIT: '16M' }
	});
	return { ...server, dataDir };
}

/**
 * Logs in through POST /api/auth/login, as the app does: one argon2 verification, one device
 * row, one session.
 * @param {string} origin
 * @param {string} login
 * @param {{ password?: string, deviceId?: string }} [options]
 * @returns {Promise<Session>}
 */
export async function logIn(origin, login, options = {}) {
	const deviceId = options.deviceId ?? `bench-${randomUUID()}`;
	const response = await fetch(`${origin}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin },
		body: JSON.stringify({ login, password: options.password ?? demoPassword(login), deviceId })
	});
	if (!response.ok) throw new Error(`login ${login}: ${response.status} ${await response.text()}`);
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith('kt_session='));
	if (!cookie) throw new Error(`login ${login}: no session cookie`);
	return { origin, cookie, deviceId, account: await response.json() };
}

/**
 * One API call with the session's cookie and the Origin header the server wants on writes.
 * @param {Session} session
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body] sent as JSON
 */
export async function call(session, method, path, body) {
	/** @type {Record<string, string>} */
	const headers = { cookie: session.cookie, origin: session.origin };
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${session.origin}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!response.ok) {
		throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
	}
	return response.json();
}

/** @param {string} file */
const bundled = (file) => JSON.parse(readFileSync(join(ROOT, 'src/lib/domain/data', file), 'utf8'));

/**
 * The mutation a device queues when a member creates an inspection (every field of it), for the
 * writer's only delegation.
 * @param {Session} session
 * @param {{ members: { name: string, role: string }[], unitId?: string }} options
 * @returns {PushMutation}
 */
export function newInspection(session, { members, unitId = 'hbt-bach-dang' }) {
	const id = randomUUID();
	const template = bundled('template-default.json');
	const indicators = bundled('indicators.json');
	const at = new Date().toISOString();
	return {
		mutationId: randomUUID(),
		entity: 'inspection',
		entityId: id,
		inspectionId: id,
		op: 'upsert',
		patch: {
			id,
			templateId: template.id,
			templateVersion: template.version,
			indicatorSetId: indicators.id,
			indicatorSetVersion: indicators.version,
			unitId,
			periodFrom: '2025-01-01',
			periodTo: '2025-06-30',
			visitDate: '2025-07-15',
			members: members.map((m, i) => ({ id: `m${i + 1}`, position: '', ...m })),
			status: 'draft',
			createdAt: at,
			updatedAt: at,
			createdBy: session.account.user.displayName,
			deviceId: session.deviceId
		},
		at,
		base: {}
	};
}

const RESULTS = ['pass', 'fail', 'na'];
const NOTE = 'Bảng niêm yết thủ tục hành chính đặt ở sảnh, thiếu 2 thủ tục mới ban hành.';

/**
 * What `answers.save` queues (src/lib/db/answers.ts) and `nextPushBatch` sends: one mutation per
 * answered field, with the answer's attribution and the field's base version (0: never seen).
 * Items are answered in order; every third one also gets a note, as its own mutation.
 * @param {{ inspectionId: string, deviceId: string, by: string, count: number, prefix: string }} o
 * @returns {PushMutation[]}
 */
export function answerMutations({ inspectionId, deviceId, by, count, prefix }) {
	/** @type {PushMutation[]} */
	const out = [];
	for (let item = 0; out.length < count; item++) {
		const itemId = `${prefix}.${item + 1}`;
		const at = new Date().toISOString();
		/** @param {'result' | 'note'} field @param {string} value */
		const answered = (field, value) => ({
			mutationId: randomUUID(),
			entity: 'answer',
			entityId: `${inspectionId}:${itemId}`,
			inspectionId,
			op: /** @type {const} */ ('upsert'),
			patch: { inspectionId, itemId, [field]: value, answeredAt: at, answeredBy: by, deviceId },
			at,
			base: { [field]: 0 }
		});
		out.push(answered('result', /** @type {string} */ (RESULTS[item % RESULTS.length])));
		if (item % 3 === 0 && out.length < count) out.push(answered('note', NOTE));
	}
	return out;
}

/**
 * The device's batch size: engine.ts's PUSH_BATCH, read from the source so the bench follows it.
 */
export function devicePushBatch() {
	const source = readFileSync(join(ROOT, 'src/lib/sync/engine.ts'), 'utf8');
	const found = source.match(/export const PUSH_BATCH = (\d+);/);
	if (!found) throw new Error('PUSH_BATCH not found in src/lib/sync/engine.ts');
	return Number(found[1]);
}

/**
 * A plain node:http server on 127.0.0.1, tracked for clean-up.
 * @param {import('node:http').RequestListener} listener
 */
export async function startRawServer(listener) {
	const server = createServer(listener);
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, HOST, () => resolve(undefined));
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	const stop = track(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	});
	return { origin: `http://${HOST}:${port}`, stop };
}

/** @param {import('node:http').IncomingMessage} request */
async function readBody(request) {
	/** @type {Buffer[]} */
	const chunks = [];
	for await (const chunk of request) chunks.push(chunk);
	return Buffer.concat(chunks);
}

const SMALL_ANSWER = Buffer.from('{"ok":true}');

/** @type {Map<number, Buffer>} */
const padded = new Map();

/** A JSON body of exactly `bytes` bytes (at least 12). */
function jsonOfSize(/** @type {number} */ bytes) {
	let body = padded.get(bytes);
	if (!body) {
		const shell = '{"pad":""}';
		body = Buffer.from(`{"pad":"${'x'.repeat(Math.max(0, bytes - shell.length))}"}`);
		padded.set(bytes, body);
	}
	return body;
}

/**
 * The floor under the JSON API: POST bodies are read whole and JSON.parse'd, and answered with a
 * small JSON; GET /pull?bytes=N answers a JSON body of exactly N bytes, so a raw pull moves as
 * many bytes as the app's. Nothing else: no session, no validation, no database.
 */
export function startRawJsonServer() {
	return startRawServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://x');
		void readBody(request).then((body) => {
			let answer = SMALL_ANSWER;
			if (request.method === 'POST') JSON.parse(body.toString('utf8'));
			else answer = jsonOfSize(Number(url.searchParams.get('bytes') ?? 0));
			response.writeHead(200, {
				'content-type': 'application/json',
				'content-length': answer.length,
				'cache-control': 'no-store'
			});
			response.end(answer);
		});
	});
}

/**
 * The floor under a photo upload (raw-upload-server.js), in a process of its own: inside the
 * bench's process it would skip the hand-over between two processes that every upload to the
 * app's server makes, and the ratio would charge the app for having a process.
 * @param {string} dir
 */
export async function startRawUploadServer(dir) {
	const port = await freePort();
	const origin = `http://${HOST}:${port}`;
	const child = spawn(
		process.execPath,
		[join(ROOT, 'bench/lib/raw-upload-server.js'), dir, String(port)],
		{ stdio: ['ignore', 'ignore', 'inherit'] }
	);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const stop = track(async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			await exited;
		}
	});
	const deadline = Date.now() + 10_000;
	for (;;) {
		try {
			await (await fetch(origin, { method: 'HEAD' })).arrayBuffer();
			return { origin, stop };
		} catch (e) {
			if (child.exitCode !== null || Date.now() > deadline) {
				await stop();
				throw new Error('the raw upload server did not start', { cause: e });
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
}
