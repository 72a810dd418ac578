import type { Page } from '@playwright/test';
import { expect, test } from './pages/csp';
import { device, fillNewInspection, PASSWORD, signIn, syncNow } from './pages/app';

/**
 * Each test makes the people, delegations and units it changes, so the demo data other e2e files
 * rely on (the demo delegation, UBND phường Bạch Đằng, the demo accounts) stays as it was.
 */
async function adminApi(page: Page, method: 'POST' | 'PATCH', path: string, data: object) {
	const origin = new URL(page.url()).origin;
	const response = await page.request.fetch(path, {
		method,
		headers: { origin, 'content-type': 'application/json' },
		data
	});
	expect(response.ok(), await response.text()).toBe(true);
	return (await response.json()) as { id?: string };
}

async function openAdmin(page: Page) {
	await signIn(page, 'admin');
	await page.goto('/admin');
	await expect(page.getByRole('heading', { name: 'Quản trị', level: 1 })).toBeVisible();
}

test('a disabled user is signed out at their next request and cannot sign in until re-enabled', async ({
	browser
}) => {
	const admin = await device(browser);
	const person = await device(browser);
	try {
		await openAdmin(admin.page);
		await adminApi(admin.page, 'POST', '/api/admin/users', {
			login: 'tamkhoa',
			displayName: 'Vũ Thị Tạm',
			password: PASSWORD('tamkhoa'),
			role: 'member'
		});
		await signIn(person.page, 'tamkhoa');
		expect((await person.page.request.get('/api/auth/me')).status()).toBe(200);

		await admin.page.reload();
		const users = admin.page.getByRole('region', { name: 'Người dùng' });
		await users.getByRole('button', { name: 'Khóa tài khoản tamkhoa' }).click();
		const dialog = admin.page.getByRole('dialog', { name: 'Khóa tài khoản của Vũ Thị Tạm?' });
		await expect(dialog).toContainText('đăng xuất ngay trên mọi thiết bị');
		await dialog.getByRole('button', { name: 'Khóa tài khoản' }).click();
		await expect(users.getByRole('status').first()).toHaveText(
			'Đã khóa tài khoản tamkhoa. Mọi phiên đăng nhập của tài khoản này đã kết thúc.'
		);
		const row = users.getByRole('row').filter({ hasText: 'tamkhoa' });
		await expect(row.getByRole('cell', { name: 'Đã khóa' })).toBeVisible();
		// Administrators cannot lock themselves out: no such button on their own row.
		await expect(users.getByRole('button', { name: 'Khóa tài khoản admin' })).toHaveCount(0);

		// The very next call from the person's device is refused, and the app asks them to sign in.
		const refused = await person.page.request.get('/api/sync/pull?cursor=0');
		expect(refused.status()).toBe(401);
		await person.page.goto('/sync');
		await expect(person.page.getByRole('alert')).toContainText('Phiên đăng nhập đã hết hạn');
		await person.page.getByLabel('Tên đăng nhập').fill('tamkhoa');
		await person.page.getByLabel('Mật khẩu').fill(PASSWORD('tamkhoa'));
		await person.page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(
			person.page.getByRole('alert').filter({ hasText: 'Tài khoản này đã bị khóa' })
		).toBeVisible();

		await users.getByRole('button', { name: 'Mở khóa tài khoản tamkhoa' }).click();
		await expect(users.getByRole('status').first()).toHaveText('Đã mở khóa tài khoản tamkhoa.');
		await person.page.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(person.page.getByRole('heading', { name: /Đang đăng nhập:/ })).toBeVisible();
	} finally {
		await admin.context.close();
		await person.context.close();
	}
});

test('the admin adds, edits and deletes a unit, and a member device pulls the edit', async ({
	browser
}) => {
	const admin = await device(browser);
	const member = await device(browser);
	const unitOption = (name: string) =>
		member.page
			.getByLabel('Đơn vị được kiểm tra')
			.locator('option')
			.filter({ hasText: new RegExp(`^${name}$`) });
	try {
		await openAdmin(admin.page);
		const units = admin.page.getByRole('region', { name: 'Đơn vị được kiểm tra' });
		const add = units.getByRole('form', { name: 'Thêm đơn vị mới' });
		await add.getByLabel('Loại đơn vị').selectOption({ label: 'UBND phường' });
		await add.getByLabel('Tên đơn vị').fill('UBND phường Thử Nghiệm');
		await add.getByLabel('Địa chỉ').fill('Số 1 phố Thử, Hà Nội');
		await add.getByLabel('Trực thuộc').selectOption({ label: 'Thành phố Hà Nội' });
		await add.getByRole('button', { name: 'Thêm đơn vị' }).click();
		await expect(add.getByRole('status')).toContainText('Đã thêm đơn vị UBND phường Thử Nghiệm');

		await signIn(member.page, 'thanhvien1');
		await syncNow(member.page);
		await member.page.goto('/inspections/new');
		await expect(unitOption('UBND phường Thử Nghiệm')).toHaveCount(1);

		await units.getByRole('button', { name: 'Sửa đơn vị UBND phường Thử Nghiệm' }).click();
		const edit = units.getByRole('form', { name: 'Sửa đơn vị UBND phường Thử Nghiệm' });
		await expect(edit.getByLabel('Tên đơn vị')).toBeFocused();
		await edit.getByLabel('Tên đơn vị').fill('UBND phường Thử Nghiệm Mới');
		await edit.getByLabel('Địa chỉ').fill('Số 2 phố Thử, Hà Nội');
		await edit.getByRole('button', { name: 'Lưu' }).click();
		await expect(units.getByRole('status').first()).toContainText(
			'Đã lưu đơn vị UBND phường Thử Nghiệm Mới'
		);
		await expect(units.getByRole('cell', { name: 'Số 2 phố Thử, Hà Nội' })).toBeVisible();

		await syncNow(member.page);
		await member.page.goto('/inspections/new');
		await expect(unitOption('UBND phường Thử Nghiệm Mới')).toHaveCount(1);
		await expect(unitOption('UBND phường Thử Nghiệm')).toHaveCount(0);

		// A unit other units belong to offers no delete, and the API refuses it with a reason.
		await expect(units.getByRole('button', { name: /^Xóa đơn vị Quận Hai Bà Trưng/ })).toHaveCount(
			0
		);
		const origin = new URL(admin.page.url()).origin;
		const inUse = await admin.page.request.delete('/api/admin/units/hn-quan-hai-ba-trung', {
			headers: { origin }
		});
		expect(inUse.status()).toBe(409);
		expect(((await inUse.json()) as { message: string }).message).toContain('Không xóa được');

		await units.getByRole('button', { name: 'Xóa đơn vị UBND phường Thử Nghiệm Mới' }).click();
		const dialog = admin.page.getByRole('dialog', {
			name: 'Xóa đơn vị UBND phường Thử Nghiệm Mới?'
		});
		await dialog.getByRole('button', { name: 'Xóa' }).click();
		await expect(units.getByRole('status').first()).toHaveText(
			'Đã xóa đơn vị UBND phường Thử Nghiệm Mới.'
		);
		await expect(units.getByRole('cell', { name: /Thử Nghiệm/ })).toHaveCount(0);
	} finally {
		await admin.context.close();
		await member.context.close();
	}
});

test('the admin edits a delegation’s decision, changes a member’s role and removes a member', async ({
	page
}) => {
	await openAdmin(page);
	const { id } = await adminApi(page, 'POST', '/api/admin/delegations', {
		name: 'Đoàn kiểm tra thử',
		decisionNumber: '10/QĐ-UBND',
		decisionDate: '2025-05-02',
		decisionIssuer: 'Chủ tịch UBND thành phố'
	});
	// People of its own: a demo member in a second delegation could no longer create an
	// inspection without naming the delegation, which other e2e files do.
	const person = async (login: string, displayName: string) =>
		(
			await adminApi(page, 'POST', '/api/admin/users', {
				login,
				displayName,
				password: PASSWORD(login),
				role: 'member'
			})
		).id;
	const head = await person('thudoantruong', 'Phan Văn Trưởng');
	const member = await person('thudoanvien', 'Lê Văn Cường');
	const members = `/api/admin/delegations/${id}/members`;
	await adminApi(page, 'POST', members, { userId: head, role: 'truong-doan' });
	await adminApi(page, 'POST', members, { userId: member, role: 'thanh-vien' });
	await page.reload();

	const card = page.getByRole('article', { name: 'Đoàn kiểm tra thử' });
	await card.getByRole('button', { name: 'Sửa thông tin đoàn Đoàn kiểm tra thử' }).click();
	await card.getByLabel('Số quyết định').fill('11/QĐ-UBND');
	await card.getByLabel('Ngày quyết định').fill('2025-05-09');
	await card.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(card.getByRole('status')).toHaveText('Đã lưu thông tin đoàn Đoàn kiểm tra thử.');
	await expect(card).toContainText('Quyết định 11/QĐ-UBND ngày 09/05/2025');

	// A second head is refused in words; a secretary is fine.
	await card.getByLabel('Vai trò của Lê Văn Cường trong đoàn').selectOption('Trưởng đoàn');
	await card.getByRole('button', { name: 'Lưu vai trò của Lê Văn Cường' }).click();
	await expect(card.getByRole('alert')).toContainText('đã có trưởng đoàn');
	await card.getByLabel('Vai trò của Lê Văn Cường trong đoàn').selectOption('Thư ký');
	await card.getByRole('button', { name: 'Lưu vai trò của Lê Văn Cường' }).click();
	await expect(card.getByRole('status')).toHaveText(
		'Đã đổi vai trò của Lê Văn Cường thành Thư ký.'
	);

	await card.getByRole('button', { name: 'Xóa khỏi đoàn: Lê Văn Cường' }).click();
	const dialog = page.getByRole('dialog', { name: 'Xóa Lê Văn Cường khỏi đoàn?' });
	// Cancelling keeps the member.
	await dialog.getByRole('button', { name: 'Hủy' }).click();
	await expect(dialog).toBeHidden();
	await expect(card.getByText('Lê Văn Cường (thudoanvien)')).toBeVisible();
	await card.getByRole('button', { name: 'Xóa khỏi đoàn: Lê Văn Cường' }).click();
	await dialog.getByRole('button', { name: 'Xóa khỏi đoàn' }).click();
	await expect(card.getByRole('status')).toHaveText('Đã xóa Lê Văn Cường khỏi đoàn.');
	await expect(card.getByText('Lê Văn Cường (thudoanvien)')).toHaveCount(0);
});

test('someone in two delegations chooses which one a new inspection belongs to, and it syncs', async ({
	browser
}) => {
	const admin = await device(browser);
	const person = await device(browser);
	try {
		await openAdmin(admin.page);
		const created = await adminApi(admin.page, 'POST', '/api/admin/users', {
			login: 'haidoan',
			displayName: 'Ngô Thị Hai',
			password: PASSWORD('haidoan'),
			role: 'member'
		});
		for (const name of ['Đoàn kiểm tra số 1', 'Đoàn kiểm tra số 2']) {
			const { id } = await adminApi(admin.page, 'POST', '/api/admin/delegations', {
				name,
				decisionNumber: '12/QĐ-UBND',
				decisionDate: '2025-05-02',
				decisionIssuer: 'Chủ tịch UBND thành phố'
			});
			await adminApi(admin.page, 'POST', `/api/admin/delegations/${id}/members`, {
				userId: created.id,
				role: 'truong-doan'
			});
		}

		await signIn(person.page, 'haidoan');
		await syncNow(person.page);
		await person.page.goto('/inspections/new');
		await fillNewInspection(person.page);
		await person.page.getByRole('button', { name: 'Tạo và bắt đầu' }).click();
		await expect(person.page.getByText('Hãy chọn đoàn thực hiện cuộc kiểm tra này')).toBeVisible();
		await person.page.getByLabel('Đoàn kiểm tra').selectOption({ label: 'Đoàn kiểm tra số 2' });
		await person.page.getByRole('button', { name: 'Tạo và bắt đầu' }).click();
		await person.page.waitForURL(/\/inspections\/[0-9a-f-]{36}$/);
		// Accepted by the server: nothing waits and nothing was refused.
		await syncNow(person.page);
		await expect(person.page.getByRole('heading', { name: /bị máy chủ từ chối/ })).toHaveCount(0);
	} finally {
		await admin.context.close();
		await person.context.close();
	}
});
