/**
 * Demo data for a fresh server: one delegation with its people, the demo units, and the bundled
 * checklist template and indicator set, so a first start can be tried end to end at once. Runs
 * only on a database without users, so it never touches a city's real accounts.
 */
import type { Kysely } from 'kysely';
import { loadDefaultTemplate, loadDemoUnits, loadIndicatorSet } from '$lib/domain/bundled';
import type { MemberRole } from '$lib/domain/inspection';
import { hashPassword } from './auth/password';
import { saveIndicatorSet, saveTemplate, saveUnit } from './db/catalog';
import { addMember, createDelegation } from './db/delegations';
import type { DB, UserRole } from './db/schema';
import { countUsers, createUser } from './db/users';

export type DemoAccount = {
	login: string;
	password: string;
	displayName: string;
	role: UserRole;
	memberRole: MemberRole | null;
};

const account = (
	login: string,
	displayName: string,
	role: UserRole,
	memberRole: MemberRole | null = null
): DemoAccount => ({ login, password: `demo-${login}-2025`, displayName, role, memberRole });

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	account('admin', 'Văn phòng UBND thành phố (quản trị)', 'admin'),
	account('truongdoan', 'Nguyễn Văn An', 'lead', 'truong-doan'),
	account('thanhvien1', 'Trần Thị Bình', 'member', 'thanh-vien'),
	account('thanhvien2', 'Lê Văn Cường', 'member', 'thanh-vien'),
	account('thuky', 'Phạm Thị Dung', 'member', 'thu-ky'),
	account('xem', 'Hoàng Minh Giám', 'viewer')
];

export const DEMO_DELEGATION = {
	name: 'Đoàn kiểm tra công tác kiểm soát TTHC năm 2025',
	decisionNumber: '1234/QĐ-UBND',
	decisionDate: '2025-03-15',
	decisionIssuer: 'Chủ tịch Ủy ban nhân dân thành phố Hà Nội'
};

/** Seeds an empty database; returns the accounts created, or null when it had users already. */
export async function seedDemoData(
	db: Kysely<DB>,
	now = new Date()
): Promise<readonly DemoAccount[] | null> {
	if ((await countUsers(db)) > 0) return null;
	// Hashing is slow on purpose; doing it before the transaction keeps the database free meanwhile.
	const accounts = await Promise.all(
		DEMO_ACCOUNTS.map(async (a) => ({ ...a, passwordHash: await hashPassword(a.password) }))
	);
	const [template, indicatorSet, units] = await Promise.all([
		loadDefaultTemplate(),
		loadIndicatorSet(),
		loadDemoUnits()
	]);

	return db.transaction().execute(async (trx) => {
		// Checked again inside the transaction: two processes starting together seed once.
		if ((await countUsers(trx)) > 0) return null;
		const delegation = await createDelegation(trx, DEMO_DELEGATION, now);
		for (const a of accounts) {
			const user = await createUser(trx, a, now);
			if (a.memberRole) await addMember(trx, delegation.id, user.id, a.memberRole);
		}
		for (const unit of units.units) await saveUnit(trx, unit);
		await saveTemplate(trx, template);
		await saveIndicatorSet(trx, indicatorSet);
		return DEMO_ACCOUNTS;
	});
}

/** The block printed at first start, so whoever started the server can log in right away. */
export function demoBanner(accounts: readonly DemoAccount[], url: string): string {
	const rows = [
		'Kiểm tra: dữ liệu mẫu đã được tạo (demo data created)',
		`URL: ${url}`,
		'',
		`${'login'.padEnd(12)}${'password'.padEnd(24)}role`,
		...accounts.map(
			(a) =>
				`${a.login.padEnd(12)}${a.password.padEnd(24)}${a.role}` +
				(a.memberRole ? ` (${a.memberRole})` : '')
		),
		'',
		'Tài khoản mẫu, chỉ để dùng thử. Demo accounts, for trying the app only.'
	];
	const width = Math.max(...rows.map((r) => r.length));
	const line = '─'.repeat(width + 2);
	return [`┌${line}┐`, ...rows.map((r) => `│ ${r.padEnd(width)} │`), `└${line}┘`].join('\n');
}
