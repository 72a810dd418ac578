/**
 * Hostile input on every API route and upload (issue #6): fast-check generates wrong types,
 * huge strings and arrays, deep nesting, invalid UTF-8, prototype-pollution keys, SQL and
 * script payloads, path traversal in ids, mismatched hashes and non-images named as images.
 * Every answer must be below 500, a 4xx under /api must be the JSON error body whatever the
 * client accepts (or sends no Accept at all), and the server must keep answering. The public
 * `/verify` upload form gets non-PDFs, garbage PDFs and a body over its limit, and must refuse
 * each on its page. Then a run of requests that must all be refused leaves
 * every table row and file as it was (the server's SQLite file, read read-only). A failure
 * prints the seed and path that replay it.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { caseFor, heavy, SPECS, type Case } from './hostile/cases';
import { headersOf, send, snapshot, type Answer } from './hostile/client';
import { answerMutation, inspectionMutation, makeFixture, type Fixture } from './hostile/fixture';
import { refusedCase } from './hostile/refused';
import { apiRoutes } from './hostile/routes';
import { MULTIPART, multipart, outcomeOf, verifyCase } from './hostile/verify';
import { count, SEED } from './sample';

/** GET /api/health after every this many cases. */
const HEALTH_EVERY = 50;

test.describe.configure({ mode: 'serial' });

let fixture: Fixture;
let sent = 0;

test.beforeAll(async ({ baseURL }) => {
	fixture = await makeFixture(baseURL ?? '');
});

test.afterAll(() => {
	console.log(`hostile: ${sent} generated requests (seed ${SEED})`);
});

test('every API route and method has hostile cases', () => {
	const routes = apiRoutes();
	expect(routes.length).toBeGreaterThan(0);
	expect(
		routes.filter((r) => !(r in SPECS)),
		'routes without hostile cases'
	).toEqual([]);
	expect(
		Object.keys(SPECS).filter((r) => !routes.includes(r)),
		'cases for routes that are gone'
	).toEqual([]);
});

/** The request, and the answer once there is one. */
function describe(c: Case, a: Answer | null): string {
	const body = c.req.body ? `${c.req.body.length} bytes` : 'no body';
	return `${c.req.method} ${c.req.path.slice(0, 200)} (${body}, ${JSON.stringify(c.req.headers).slice(0, 200)}) → ${a ? `${a.status} ${a.body.subarray(0, 300)}` : 'no answer'}`;
}

/** Why this answer is wrong, or null. */
function problem(c: Case, a: Answer): string | null {
	// Only a body the server may refuse before reading it all can lose its answer this way.
	if (a.status === 0) return (c.req.body?.length ?? 0) >= 64 * 1024 ? null : 'no answer';
	if (a.status >= 500 || a.status < 100) return 'server error';
	// 431: Node's HTTP parser refuses a request line and headers over 16 KB before the app runs.
	if (!c.json || a.status < 400 || a.status === 431 || c.req.method === 'HEAD') return null;
	if (!a.type.startsWith('application/json')) return `4xx without a JSON body (${a.type})`;
	const body = JSON.parse(a.body.toString()) as { message?: unknown };
	return typeof body.message === 'string' && body.message.length > 0
		? null
		: '4xx JSON body without a message';
}

async function healthy(origin: string): Promise<void> {
	const a = await send(origin, { method: 'GET', path: '/api/health' });
	if (a.status !== 200) throw new Error(`health: ${a.status} ${a.body}`);
}

/** The cases reach past the session check only while the fixture's sessions live. */
async function sessionsAlive(f: Fixture): Promise<void> {
	for (const [role, s] of Object.entries(f.sessions)) {
		const a = await send(f.origin, {
			method: 'GET',
			path: '/api/auth/me',
			headers: { cookie: s.cookie }
		});
		expect(a.status, `${role} session`).toBe(200);
	}
}

for (const route of Object.keys(SPECS)) {
	test(`hostile ${route}`, async () => {
		const runs = heavy(route) ? count(800, 50) : count(400, 30);
		let last = '';
		const property = fc.asyncProperty(caseFor(route, fixture), async (c) => {
			last = describe(c, null);
			const answer = await send(fixture.origin, c.req);
			sent++;
			const wrong = problem(c, answer);
			last = describe(c, answer);
			if (sent % HEALTH_EVERY === 0 || answer.status === 0) await healthy(fixture.origin);
			return wrong === null || ((last = `${wrong}: ${last}`), false);
		});
		const outcome = await fc.check(property, { seed: SEED, numRuns: runs, endOnFailure: true });
		if (outcome.failed) {
			throw new Error(
				`${route} failed after ${outcome.numRuns} cases: ${last}\n` +
					`replay: STRESS_SEED=${outcome.seed} (fast-check path "${outcome.counterexamplePath}")\n` +
					String(outcome.errorInstance ?? '')
			);
		}
		await healthy(fixture.origin);
		await sessionsAlive(fixture);
	});
}

test('refused requests change nothing: no row, no file, not even part of a push batch', async () => {
	const before = snapshot();
	let last = '';
	const accept = fc.constantFrom('*/*', undefined, 'text/html');
	const property = fc.asyncProperty(refusedCase(fixture), accept, async ({ role, req }, a) => {
		const headers = headersOf({
			cookie: role ? fixture.sessions[role].cookie : undefined,
			origin: fixture.origin,
			type: req.type ?? 'application/json',
			accept: a
		});
		const c: Case = { req: { ...req, headers }, json: true };
		const answer = await send(fixture.origin, c.req);
		sent++;
		last = describe(c, answer);
		const wrong = answer.status >= 400 ? problem(c, answer) : 'accepted';
		return wrong === null || ((last = `${wrong}: ${last}`), false);
	});
	const outcome = await fc.check(property, {
		seed: SEED,
		numRuns: count(1000, 100),
		endOnFailure: true
	});
	if (outcome.failed) {
		throw new Error(
			`refused case failed after ${outcome.numRuns}: ${last}\n` +
				`replay: STRESS_SEED=${outcome.seed} (fast-check path "${outcome.counterexamplePath}")`
		);
	}
	expect(snapshot()).toEqual(before);
	await healthy(fixture.origin);
});

test('the snapshot sees writes: the same batch without its malformed mutation is applied', async () => {
	const before = snapshot();
	const { member } = fixture.sessions;
	const mutations = [
		inspectionMutation(crypto.randomUUID()),
		answerMutation(fixture.inspectionId, '4.1', 'fail')
	];
	const answer = await send(fixture.origin, {
		method: 'POST',
		path: '/api/sync/push',
		headers: { cookie: member.cookie, origin: fixture.origin, 'content-type': 'application/json' },
		body: JSON.stringify({ deviceId: 'refused', mutations })
	});
	const { results } = JSON.parse(answer.body.toString()) as { results: { status: string }[] };
	expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
	const after = snapshot();
	for (const table of ['rows', 'fields', 'mutations', 'inspections_index']) {
		expect(after[table], table).not.toBe(before[table]);
	}
});

test('the /verify upload refuses non-PDFs, garbage PDFs and altered copies on its page', async () => {
	let last = '';
	const property = fc.asyncProperty(verifyCase(fixture), async ({ req, json }) => {
		const answer = await send(fixture.origin, req);
		sent++;
		last = `${req.headers?.['content-type']} ${req.body?.length} bytes → ${answer.status} ${answer.body.subarray(0, 300)}`;
		if (answer.status !== 200) return false;
		if (!json) return answer.type.startsWith('text/html');
		return outcomeOf(answer.body.toString()) !== null;
	});
	const outcome = await fc.check(property, {
		seed: SEED,
		numRuns: count(300, 40),
		endOnFailure: true
	});
	if (outcome.failed) {
		throw new Error(
			`/verify failed after ${outcome.numRuns} cases: ${last}\n` +
				`replay: STRESS_SEED=${outcome.seed} (fast-check path "${outcome.counterexamplePath}")`
		);
	}
	await healthy(fixture.origin);
});

test('the /verify upload answers a file over its limit with "too large", not an error', async () => {
	const huge = multipart(
		Buffer.concat([Buffer.from('%PDF-1.3\n'), Buffer.alloc(61 * 1024 * 1024)])
	);
	const answer = await send(fixture.origin, {
		method: 'POST',
		path: '/verify',
		headers: {
			...headersOf({ origin: fixture.origin, type: MULTIPART, accept: 'application/json' }),
			'x-sveltekit-action': 'true'
		},
		body: huge
	});
	// The page may answer before the body is all sent and close: then Node's client loses it.
	if (answer.status !== 0) {
		expect(answer.status).toBe(200);
		expect(outcomeOf(answer.body.toString())).toBe('too-large');
	}
	await healthy(fixture.origin);
});
