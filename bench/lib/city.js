/**
 * A city's worth of devices for bench/sync-devices.bench.js, set up the way the city office and
 * the inspectors do it: delegations, people and assignments through the admin API, and every
 * device logged in through POST /api/auth/login with a device id of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { call, logIn } from './sync.js';

/**
 * @typedef {import('./sync.js').Session} Session
 * @typedef {{ session: Session, inspectionId: string, name: string, cursor: number }} Device
 */

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
