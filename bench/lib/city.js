/**
 * A city's worth of devices for bench/sync-devices.bench.js, set up the way the city office and
 * the inspectors do it: delegations, people and assignments through the admin API, and every
 * device logged in through POST /api/auth/login with a device id of its own. Then what each
 * device does in a round: its sync against the app, or the same requests against a raw server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { call, logIn } from './sync.js';

/**
 * @typedef {import('./sync.js').Session} Session
 * @typedef {{ session: Session, inspectionId: string, name: string, cursor: number }} Device
 * @typedef {{ push: number[], pull: number[], device: number[], errors: string[],
 *   wallMs: number }} Round latencies (ms) and errors of one round of syncs
 * @typedef {{ body: string, pulls: number[] }} Script what one device sent and received
 */

/** @returns {Round} */
export const emptyRound = () => ({ push: [], pull: [], device: [], errors: [], wallMs: 0 });

const PASSWORD = 'bench-password-2025';

/** @param {string} file */
const bundled = (file) => JSON.parse(readFileSync(join(ROOT, 'src/lib/domain/data', file), 'utf8'));

/**
 * Runs `task` over `items`, `limit` at a time.
 * @template T
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<void>} task
 */
export async function pool(items, limit, task) {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await task(/** @type {T} */ (items[next++]));
	};
	await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * `delegations` delegations of `people` (a head and members), each with one inspection assigned,
 * and `devicesPerPerson` logged-in devices per person.
 * @param {string} origin
 * @param {{ delegations: number, people: number, devicesPerPerson: number }} shape
 * @returns {Promise<Device[]>}
 */
export async function buildCity(origin, { delegations, people, devicesPerPerson }) {
	const admin = await logIn(origin, 'admin');
	const template = bundled('template-default.json');
	/** @type {{ login: string, name: string, inspectionId: string }[]} */
	const accounts = [];
	for (let d = 1; d <= delegations; d++) {
		const delegation = await call(admin, 'POST', '/api/admin/delegations', {
			name: `Đoàn kiểm tra số ${d}`,
			decisionNumber: `${100 + d}/QĐ-UBND`,
			decisionDate: '2025-03-15',
			decisionIssuer: 'Chủ tịch Ủy ban nhân dân thành phố Hà Nội'
		});
		/** @type {{ login: string, name: string }[]} */
		const members = [];
		for (let p = 1; p <= people; p++) {
			const head = p === 1;
			const login = `doan${d}-nguoi${p}`;
			const name = `Người ${p} đoàn ${d}`;
			const user = await call(admin, 'POST', '/api/admin/users', {
				login,
				displayName: name,
				password: PASSWORD,
				role: head ? 'lead' : 'member'
			});
			await call(admin, 'POST', `/api/admin/delegations/${delegation.id}/members`, {
				userId: user.id,
				role: head ? 'truong-doan' : 'thanh-vien'
			});
			members.push({ login, name });
		}
		const inspection = await call(admin, 'POST', '/api/admin/inspections', {
			delegationId: delegation.id,
			unitId: 'hbt-bach-dang',
			templateId: template.id,
			templateVersion: template.version,
			periodFrom: '2025-01-01',
			periodTo: '2025-06-30',
			visitDate: '2025-07-15'
		});
		for (const m of members) accounts.push({ ...m, inspectionId: inspection.id });
	}
	const logins = accounts.flatMap((a) =>
		Array.from({ length: devicesPerPerson }, (_, i) => ({
			...a,
			deviceId: `${a.login}-may${i + 1}`
		}))
	);
	/** @type {Device[]} */
	const devices = [];
	// Two at a time: each login is an argon2 verification, and the machine has two cores.
	await pool(logins, 2, async (a) => {
		const session = await logIn(origin, a.login, { password: PASSWORD, deviceId: a.deviceId });
		devices.push({ session, inspectionId: a.inspectionId, name: a.name, cursor: 0 });
	});
	return devices;
}

/**
 * One device's sync against the app: push, then pull from its cursor until nothing more, as the
 * engine does. Errors are counted, not thrown: a failed device must not stop the others.
 * @param {Device} device
 * @param {string} body
 * @param {Round} round
 * @returns {Promise<Script>}
 */
export async function appSync(device, body, round) {
	const { origin, cookie } = device.session;
	const started = performance.now();
	/** @type {number[]} */
	const pulls = [];
	/** @param {string} what */
	const fail = (what) => round.errors.push(`${device.session.deviceId}: ${what}`);
	try {
		const response = await fetch(`${origin}/api/sync/push`, {
			method: 'POST',
			headers: { cookie, origin, 'content-type': 'application/json' },
			body
		});
		const answer = await response.json();
		round.push.push(performance.now() - started);
		if (!response.ok) fail(`push answered ${response.status}`);
		const refused = (answer.results ?? []).filter((/** @type {any} */ r) => r.status !== 'applied');
		if (refused.length) fail(`${refused.length} mutations ${refused[0].status}`);
		// Every row the device pushed must come back in its own pull.
		const own = new Set(JSON.parse(body).mutations.map((/** @type {any} */ m) => m.entityId));
		for (;;) {
			const t = performance.now();
			const page = await fetch(`${origin}/api/sync/pull?cursor=${device.cursor}`, {
				headers: { cookie }
			});
			const bytes = new Uint8Array(await page.arrayBuffer());
			round.pull.push(performance.now() - t);
			pulls.push(bytes.byteLength);
			if (!page.ok) {
				fail(`pull answered ${page.status}`);
				break;
			}
			const { changes, cursor, more } = JSON.parse(new TextDecoder().decode(bytes));
			for (const change of changes) own.delete(change.entityId);
			device.cursor = cursor;
			if (!more) break;
		}
		if (own.size) fail(`${own.size} of its own changes missing from its pull`);
	} catch (e) {
		fail(e instanceof Error ? e.message : String(e));
	}
	round.device.push(performance.now() - started);
	return { body, pulls };
}

/**
 * The same device's requests against the raw server: the same push body, and pulls answered
 * with as many bytes as the app's were.
 * @param {string} origin
 * @param {Script} script
 * @param {Round} round
 */
export async function rawSync(origin, script, round) {
	const started = performance.now();
	try {
		const response = await fetch(`${origin}/push`, {
			method: 'POST',
			headers: { origin, 'content-type': 'application/json' },
			body: script.body
		});
		await response.json();
		round.push.push(performance.now() - started);
		if (!response.ok) round.errors.push(`raw push answered ${response.status}`);
		for (const bytes of script.pulls) {
			const t = performance.now();
			const page = await fetch(`${origin}/pull?bytes=${bytes}`);
			JSON.parse(new TextDecoder().decode(await page.arrayBuffer()));
			round.pull.push(performance.now() - t);
			if (!page.ok) round.errors.push(`raw pull answered ${page.status}`);
		}
	} catch (e) {
		round.errors.push(e instanceof Error ? e.message : String(e));
	}
	round.device.push(performance.now() - started);
}
