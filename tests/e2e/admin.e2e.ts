import { expect, test } from './pages/csp';
import { device, signIn, syncNow } from './pages/app';

const DELEGATION = 'Đoàn kiểm tra công tác kiểm soát TTHC năm 2025';

test('the admin creates a user and assigns an inspection that a member receives and opens offline', async ({
	browser
}) => {
	const admin = await device(browser);
	const member = await device(browser);
	try {
		await signIn(admin.page, 'admin');
		await admin.page.getByRole('link', { name: 'Quản trị' }).click();
		await expect(admin.page.getByRole('heading', { name: 'Quản trị', level: 1 })).toBeVisible();

		const users = admin.page.getByRole('region', { name: 'Người dùng' });
		const newUser = users.getByRole('form', { name: 'Tạo người dùng mới' });
		await newUser.getByLabel('Tên đăng nhập').fill('nguoimoi');
		await newUser.getByLabel('Họ và tên').fill('Đỗ Văn Mới');
		await newUser.getByLabel('Mật khẩu (ít nhất 10 ký tự)').fill('mat-khau-rat-dai');
		await newUser.getByLabel('Vai trò').selectOption({ label: 'Thành viên' });
		await newUser.getByRole('button', { name: 'Tạo người dùng' }).click();
		await expect(newUser.getByRole('status')).toHaveText('Đã tạo người dùng nguoimoi.');
		await expect(users.getByRole('cell', { name: 'Đỗ Văn Mới' })).toBeVisible();

		// The same login again is refused in words.
		await newUser.getByLabel('Tên đăng nhập').fill('nguoimoi');
		await newUser.getByLabel('Họ và tên').fill('Người khác');
		await newUser.getByLabel('Mật khẩu (ít nhất 10 ký tự)').fill('mat-khau-rat-dai');
		await newUser.getByRole('button', { name: 'Tạo người dùng' }).click();
		await expect(newUser.getByRole('alert')).toContainText('đã có người dùng');

		const assign = admin.page.getByRole('region', { name: 'Giao cuộc kiểm tra' });
		await assign.getByLabel('Đoàn kiểm tra').selectOption({ label: DELEGATION });
		await assign.getByLabel('Đơn vị được kiểm tra').selectOption('hbt-bach-dang');
		await assign.getByLabel('Mẫu kiểm tra').selectOption({ index: 1 });
		await assign.getByLabel('Thời kỳ kiểm tra từ ngày').fill('2025-01-01');
		await assign.getByLabel('Thời kỳ kiểm tra đến ngày').fill('2025-06-30');
		await assign.getByLabel('Ngày kiểm tra tại đơn vị').fill('2025-08-15');
		const response = admin.page.waitForResponse('**/api/admin/inspections');
		await assign.getByRole('button', { name: 'Giao cuộc kiểm tra' }).click();
		const { id } = (await (await response).json()) as { id: string };
		await expect(assign.getByRole('status')).toContainText('Đã giao cuộc kiểm tra');

		await signIn(member.page, 'thanhvien1');
		await syncNow(member.page);
		await member.page.goto('/');
		await expect(member.page.locator(`a[href="/inspections/${id}"]`)).toBeVisible();

		await member.context.setOffline(true);
		await member.page.goto(`/inspections/${id}`);
		await expect(member.page.getByText('UBND phường Bạch Đằng')).toBeVisible();
		await expect(member.page.getByText('Thời kỳ: 01/01/2025 – 30/06/2025')).toBeVisible();
		await expect(member.page.getByText(/Đã trả lời 0\/\d+ nội dung/)).toBeVisible();
		await member.context.setOffline(false);
	} finally {
		await admin.context.close();
		await member.context.close();
	}
});

test('a member is refused the admin API and shown why on the admin screen', async ({ browser }) => {
	const member = await device(browser);
	try {
		await signIn(member.page, 'thanhvien1');
		const origin = new URL(member.page.url()).origin;
		const refused = await member.page.request.post('/api/admin/users', {
			headers: { origin, 'content-type': 'application/json' },
			data: { login: 'x', displayName: 'X', password: 'mat-khau-rat-dai', role: 'admin' }
		});
		expect(refused.status()).toBe(403);
		expect(((await refused.json()) as { error: string }).error).toBe('forbidden');

		await member.page.goto('/admin');
		await expect(member.page.getByRole('alert')).toContainText('Chỉ quản trị viên');
		await expect(
			member.page.getByRole('link', { name: 'Đăng nhập tại trang Đồng bộ' })
		).toBeVisible();
	} finally {
		await member.context.close();
	}
});
