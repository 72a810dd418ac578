/**
 * The public verification page, with no account: the QR link and an uploaded copy. The minutes
 * reach the server as a device sends them (login with its key, push, PDF upload), sealed here
 * with the app's own seal code.
 */
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './pages/csp';
import { generateDeviceKey } from '../../src/lib/minutes/seal/device-key';
import { sealContent } from '../../src/lib/minutes/seal/seal';
import { minutesDocument } from '../../src/lib/server/minutes/fixtures';
import { PASSWORD } from './pages/app';

const INSPECTION = crypto.randomUUID();
const MINUTES = crypto.randomUUID();

const pdf = (keywords: string, extra = '') =>
	Buffer.from(
		`%PDF-1.3\n1 0 obj\n<< /Producer (jsPDF) /Keywords (${keywords}) >>\nendobj\n${extra}%%EOF\n`,
		'latin1'
	);

async function signMinutes(request: APIRequestContext): Promise<string> {
	const key = await generateDeviceKey();
	const login = await request.post('/api/auth/login', {
		data: {
			login: 'thanhvien1',
			password: PASSWORD('thanhvien1'),
			deviceId: 'e2e-verify',
			publicKeyJwk: key.publicKeyJwk
		}
	});
	expect(login.status()).toBe(200);
	const doc = minutesDocument(INSPECTION);
	const seal = await sealContent(doc, key);
	const at = new Date().toISOString();
	const push = await request.post('/api/sync/push', {
		data: {
			deviceId: 'e2e-verify',
			mutations: [
				{
					mutationId: crypto.randomUUID(),
					entity: 'inspection',
					entityId: INSPECTION,
					inspectionId: INSPECTION,
					op: 'upsert',
					patch: { status: 'draft', unitId: 'hbt-bach-dang' },
					at
				},
				{
					mutationId: crypto.randomUUID(),
					entity: 'minutes',
					entityId: MINUTES,
					inspectionId: INSPECTION,
					op: 'upsert',
					patch: {
						inspectionId: INSPECTION,
						version: 1,
						supersedes: null,
						content: doc,
						seal,
						signedAt: seal.signedAt,
						deviceId: 'e2e-verify'
					},
					at
				}
			]
		}
	});
	const { results } = (await push.json()) as { results: { status: string }[] };
	expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
	const put = await request.put(`/api/minutes/${MINUTES}/pdf`, {
		headers: { 'content-type': 'application/pdf' },
		data: pdf(`kiem-tra-seal:${seal.sha256}`)
	});
	expect(put.status()).toBe(201);
	return seal.sha256;
}

test('the QR link and an uploaded copy say valid, altered, unknown or no seal, without an account', async ({
	page,
	playwright,
	baseURL
}) => {
	const api = await playwright.request.newContext({ baseURL });
	const sha256 = await signMinutes(api);
	await api.dispose();

	const verdict = page.getByTestId('verdict');
	await page.goto(`/verify/${MINUTES}?h=${sha256}`);
	await expect(verdict).toContainText('Hợp lệ');
	await expect(verdict).toContainText('UBND phường Bạch Mai');
	await expect(verdict).toContainText('05/BB-ĐKT');
	await expect(verdict).toContainText('Từ chối ký');
	await expect(verdict).toContainText('Không đồng ý kết luận.');
	await expect(verdict).toContainText(`${sha256.slice(0, 4)} ${sha256.slice(4, 8)}`);
	await expect(page.getByText('không phải chữ ký số')).toBeVisible();

	await page.goto(`/verify/${MINUTES}?h=${'0'.repeat(64)}`);
	await expect(verdict).toContainText('Đã bị sửa đổi');
	await page.goto(`/verify/${crypto.randomUUID()}?h=${sha256}`);
	await expect(verdict).toContainText('Không rõ');

	let words = { file: 'Tệp PDF biên bản', submit: 'Kiểm tra tệp' };
	const check = async (name: string, mimeType: string, buffer: Buffer) => {
		await page.getByLabel(words.file).setInputFiles({ name, mimeType, buffer });
		await page.getByRole('button', { name: words.submit }).click();
	};
	await page.goto('/verify');
	await check('bien-ban.pdf', 'application/pdf', pdf(`kiem-tra-seal:${sha256}`));
	await expect(verdict).toContainText('Hợp lệ');
	await check('bien-ban-sua.pdf', 'application/pdf', pdf(`kiem-tra-seal:${sha256}`, '% sửa\n'));
	await expect(verdict).toContainText('Đã bị sửa đổi');
	await check('khac.pdf', 'application/pdf', pdf('Biên bản họp'));
	await expect(verdict).toContainText('Tệp không mang dấu niêm phong của Kiểm tra');
	await check('anh.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]));
	await expect(verdict).toContainText('Tệp không phải PDF');

	await page.getByRole('button', { name: 'Ngôn ngữ' }).click();
	words = { file: 'Minutes PDF file', submit: 'Check the file' };
	await check('bien-ban.pdf', 'application/pdf', pdf(`kiem-tra-seal:${sha256}`));
	await expect(verdict).toContainText('Valid');
});
