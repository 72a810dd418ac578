import type { Page } from '@playwright/test';
import { expect, test } from './pages/csp';
import { baseJpeg, corruptJpeg, heicHead, jpegHeaderClaiming, withExif } from '../fixtures/jpeg';
import { answer, createInspection, item, visitOnline } from './pages/app';
import { readStore } from './pages/device-db';

type StoredPhoto = {
	id: string;
	width: number;
	height: number;
	sha256: string;
	versionOf: string | null;
	takenAt: string;
	takenAtSource: string;
	location: { lat: number; lon: number } | null;
	deletedAt: string | null;
	fileName: string;
};

function storedPhotos(page: Page) {
	return readStore<StoredPhoto>(page, 'photos');
}

/**
 * The colour a quarter in from the top-left of a rendered thumbnail. The fixture is red on its
 * left half and blue on its right: upright, that spot is red; turned a quarter clockwise
 * (orientation 6) the red half is on top, so it is red again, but the picture is portrait.
 */
function topColour(page: Page, name: string) {
	return page
		.getByRole('button', { name: `Xem ảnh ${name}` })
		.locator('img')
		.evaluate((img) => {
			const image = img as HTMLImageElement;
			const canvas = document.createElement('canvas');
			canvas.width = image.naturalWidth;
			canvas.height = image.naturalHeight;
			const context = canvas.getContext('2d') as CanvasRenderingContext2D;
			context.drawImage(image, 0, 0);
			const [r, , b] = context.getImageData(
				Math.floor(canvas.width / 4),
				Math.floor(canvas.height / 4),
				1,
				1
			).data;
			return {
				colour: (r ?? 0) > (b ?? 0) ? 'red' : 'blue',
				portrait: image.naturalHeight > image.naturalWidth
			};
		});
}

test('photos attach offline to a failed item, keep their orientation, time and place, and survive a reload', async ({
	context,
	page
}) => {
	await visitOnline(page);
	await context.setOffline(true);
	await page.goto('/');
	const workers: string[] = [];
	page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
	const id = await createInspection(page);
	await answer(page, 'B2', 'Không đạt');

	const withGps = withExif(baseJpeg(), {
		dateTimeOriginal: '2025:08:15 09:30:00',
		offsetTimeOriginal: '+07:00',
		gps: { lat: 21.0085, lon: 105.8542 }
	});
	// Orientation 6: the camera held upright, the sensor's left side is the picture's top.
	const rotated = withExif(baseJpeg(), { orientation: 6 });
	const chooser = page.waitForEvent('filechooser');
	await item(page, 'B2').getByRole('button', { name: 'Chọn ảnh có sẵn cho B2' }).click();
	await (
		await chooser
	).setFiles([
		{ name: 'bang-niem-yet.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(withGps) },
		{ name: 'quay-tiep-nhan.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(rotated) },
		{ name: 'ghi-chu.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('không phải ảnh') }
	]);

	await expect(page.getByRole('alert').filter({ hasText: 'ghi-chu.jpg' })).toContainText(
		'“ghi-chu.jpg” không phải là ảnh.'
	);
	await expect(page.getByText('Đã lưu 2 ảnh.')).toBeVisible();
	// Decoding and encoding ran in the ingest worker, loaded from the precache while offline.
	expect(workers.filter((w) => w.includes('/workers/ingest.worker-'))).toHaveLength(1);
	const strip = item(page, 'B2').getByRole('list', { name: '2 ảnh' });
	await expect(strip.getByRole('img')).toHaveCount(2);

	expect(await topColour(page, 'bang-niem-yet.jpg')).toEqual({ colour: 'red', portrait: false });
	expect(await topColour(page, 'quay-tiep-nhan.jpg')).toEqual({ colour: 'red', portrait: true });
	const stored = await storedPhotos(page);
	const gps = stored.find((p) => p.fileName === 'bang-niem-yet.jpg');
	expect(gps).toMatchObject({
		width: 64,
		height: 32,
		takenAt: '2025-08-15T02:30:00.000Z',
		takenAtSource: 'exif',
		location: { lat: expect.closeTo(21.0085, 4), lon: expect.closeTo(105.8542, 4) }
	});
	expect(stored.find((p) => p.fileName === 'quay-tiep-nhan.jpg')).toMatchObject({
		width: 32,
		height: 64,
		takenAtSource: 'device'
	});

	// The viewer shows when and where; annotating keeps the original and adds a copy.
	await page.getByRole('button', { name: 'Xem ảnh bang-niem-yet.jpg' }).click();
	const viewer = page.getByRole('dialog', { name: 'Xem ảnh' });
	await expect(viewer.getByText(/Chụp lúc/)).toBeVisible();
	await expect(viewer.getByText(/Vị trí: 21[,.]0085/)).toBeVisible();
	await viewer.getByLabel('Chú thích').fill('Bảng niêm yết thiếu 3 TTHC');
	await viewer.getByLabel('Chú thích').blur();
	await viewer.getByRole('button', { name: 'Vẽ chú thích' }).click();
	await viewer.getByRole('radio', { name: 'Khung chữ nhật' }).click();
	const canvas = viewer.getByLabel('Ảnh đang vẽ chú thích');
	const box = await canvas.boundingBox();
	if (!box) throw new Error('the annotation canvas is not laid out');
	await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 5 });
	await page.mouse.up();
	await viewer.getByRole('button', { name: 'Lưu bản có chú thích' }).click();
	await expect(viewer.getByText('Bản có chú thích của một ảnh gốc')).toBeVisible();
	await viewer.getByRole('button', { name: /Đóng/ }).click();
	await expect(item(page, 'B2').getByRole('list', { name: '3 ảnh' })).toBeVisible();

	await page.reload();
	await expect(item(page, 'B2').getByRole('list', { name: '3 ảnh' }).getByRole('img')).toHaveCount(
		3
	);
	const afterReload = await storedPhotos(page);
	const original = afterReload.find((p) => p.id === gps?.id);
	const copy = afterReload.find((p) => p.versionOf === gps?.id);
	expect(original?.sha256).toBe(gps?.sha256);
	expect(copy?.sha256).toMatch(/^[0-9a-f]{64}$/);
	expect(copy?.sha256).not.toBe(gps?.sha256);
	expect(copy).toMatchObject({ takenAt: '2025-08-15T02:30:00.000Z', width: 64, height: 32 });

	// Deleting asks first; cancelling keeps the photo.
	await page.getByRole('button', { name: 'Xem ảnh quay-tiep-nhan.jpg' }).click();
	await viewer.getByRole('button', { name: 'Xóa ảnh' }).click();
	const confirm = page.getByRole('dialog', { name: 'Xóa ảnh này?' });
	await expect(confirm).toBeVisible();
	await confirm.getByRole('button', { name: 'Hủy' }).click();
	await expect(viewer.getByText('Ảnh 2/3')).toBeVisible();
	await viewer.getByRole('button', { name: 'Xóa ảnh' }).click();
	await confirm.getByRole('button', { name: 'Xóa ảnh' }).click();
	await expect(viewer.getByText('Ảnh 2/2')).toBeVisible();
	await viewer.getByRole('button', { name: /Đóng/ }).click();
	await expect(item(page, 'B2').getByRole('list', { name: '2 ảnh' })).toBeVisible();

	await page.getByRole('link', { name: /Ảnh minh chứng \(2\)/ }).click();
	await expect(page).toHaveURL(new RegExp(`/inspections/${id}/photos$`));
	await expect(page.getByRole('region', { name: /^B2\./ }).getByRole('img')).toHaveCount(2);
});

test('each bad file of a batch gets its own message naming it, and the good ones are still stored', async ({
	context,
	page
}) => {
	await visitOnline(page);
	await context.setOffline(true);
	await page.goto('/');
	await createInspection(page);
	await page.getByRole('link', { name: /Ảnh minh chứng/ }).click();

	const tooBig = Buffer.alloc(41 * 1024 * 1024);
	Buffer.from(baseJpeg()).copy(tooBig);
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: /Chọn ảnh có sẵn cho Ảnh chung/ }).click();
	await (
		await chooser
	).setFiles([
		{ name: 'hong.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(corruptJpeg()) },
		{ name: 'IMG_0042.HEIC', mimeType: 'image/heic', buffer: Buffer.from(heicHead()) },
		{
			name: 'toan-canh.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from(jpegHeaderClaiming(12_000, 9_000))
		},
		{ name: 'qua-lon.jpg', mimeType: 'image/jpeg', buffer: tooBig },
		{ name: 'tot.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(baseJpeg()) }
	]);

	const failures = page.getByRole('alert').filter({ hasText: 'Một số tệp chưa được lưu' });
	await expect(failures.getByRole('listitem')).toHaveText([
		'“hong.jpg” bị hỏng hoặc không đọc được.',
		/^“IMG_0042\.HEIC” có định dạng \(HEIC\/AVIF\) mà trình duyệt này không đọc được/,
		'“toan-canh.jpg” lớn hơn 100 megapixel, quá lớn để xử lý.',
		'“qua-lon.jpg” lớn hơn 40 MB, quá lớn để lưu.'
	]);
	await expect(page.getByText('Đã lưu 1 ảnh.')).toBeVisible();
	expect((await storedPhotos(page)).map((p) => p.fileName)).toEqual(['tot.jpg']);
	await expect(page.getByRole('list', { name: '1 ảnh' }).getByRole('img')).toHaveCount(1);

	// Dismissing clears the report; the stored photo stays.
	await page.getByRole('button', { name: 'Đã hiểu' }).click();
	await expect(failures).toHaveCount(0);
	await expect(page.getByRole('list', { name: '1 ảnh' }).getByRole('img')).toHaveCount(1);
});

test('a photo without GPS gets the device position only once the person has turned it on', async ({
	context,
	page
}) => {
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation({ latitude: 21.0245, longitude: 105.8412, accuracy: 15 });
	await visitOnline(page);
	await context.setOffline(true);
	await createInspection(page);
	const add = async (name: string) => {
		const chooser = page.waitForEvent('filechooser');
		await item(page, 'A1').getByRole('button', { name: 'Chụp ảnh cho A1' }).click();
		await (
			await chooser
		).setFiles({ name, mimeType: 'image/jpeg', buffer: Buffer.from(baseJpeg()) });
		await expect(page.getByText('Đã lưu 1 ảnh.')).toBeVisible();
		await page.getByRole('button', { name: 'Đã hiểu' }).click();
	};

	await add('truoc.jpg');
	const inspectionUrl = page.url();
	await page.goto('/settings');
	await page.getByLabel('Ghi vị trí của máy vào ảnh không có GPS').check();
	await page.goto(inspectionUrl);
	await add('sau.jpg');

	const stored = await storedPhotos(page);
	expect(stored.find((p) => p.fileName === 'truoc.jpg')?.location).toBeNull();
	expect(stored.find((p) => p.fileName === 'sau.jpg')?.location).toEqual({
		lat: 21.0245,
		lon: 105.8412,
		accuracyM: 15,
		source: 'device'
	});
});
