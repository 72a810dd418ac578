import { describe, expect, it, vi } from 'vitest';
import { IdSchema } from '$lib/domain';
import { useDatabase } from './connection';
import { KiemTraDB } from './database';
import { ValidationError, deviceId, inspectorName, setInspectorName } from './meta';
import { useFreshDatabase } from './test-fixtures';

const database = useFreshDatabase();

describe('deviceId', () => {
	it('is created once, is a valid id and stays the same across calls', async () => {
		const first = await deviceId();
		expect(first).toMatch(/^dev-[0-9a-f-]{36}$/);
		expect(IdSchema.safeParse(first).success).toBe(true);
		expect(await deviceId()).toBe(first);
		expect(await database().meta.get('deviceId')).toEqual({ key: 'deviceId', value: first });
	});

	it('gives one id to calls racing on an empty database', async () => {
		const ids = await Promise.all([deviceId(), deviceId(), deviceId()]);
		expect(new Set(ids).size).toBe(1);
		expect(await database().meta.count()).toBe(1);
		expect(await deviceId()).toBe(ids[0]);
	});

	it('is the same for another connection to the same database, and survives reopening', async () => {
		const first = await deviceId();
		const name = database().name;

		const otherTab = new KiemTraDB(name);
		useDatabase(otherTab);
		try {
			expect(await deviceId()).toBe(first);
		} finally {
			otherTab.close();
		}

		database().close();
		const reopened = new KiemTraDB(name);
		useDatabase(reopened);
		try {
			expect(await deviceId()).toBe(first);
		} finally {
			reopened.close();
		}
	});

	it('differs between two databases (two browser profiles)', async () => {
		const mine = await deviceId();
		const elsewhere = new KiemTraDB(`test-${crypto.randomUUID()}`);
		useDatabase(elsewhere);
		try {
			expect(await deviceId()).not.toBe(mine);
		} finally {
			elsewhere.close();
		}
	});
});

/** localStorage as a browser has it: shared by every tab of the profile. */
function fakeStorage(): Storage {
	const items = new Map<string, string>();
	return {
		get length() {
			return items.size;
		},
		clear: () => items.clear(),
		getItem: (key) => items.get(key) ?? null,
		key: (i) => [...items.keys()][i] ?? null,
		removeItem: (key) => void items.delete(key),
		setItem: (key, value) => void items.set(key, String(value))
	};
}

describe('inspectorName', () => {
	it('is empty until set', () => {
		expect(inspectorName()).toBe('');
	});

	it('stores the name NFC-normalised, trimmed and capped at 200 characters', async () => {
		const nfd = 'Nguyễn Thị Hương'.normalize('NFD');
		expect(nfd).not.toBe('Nguyễn Thị Hương');
		await setInspectorName(`  ${nfd}\n`);
		expect(inspectorName()).toBe('Nguyễn Thị Hương');

		await setInspectorName('x'.repeat(250));
		expect(inspectorName()).toHaveLength(200);
	});

	it('is read synchronously and kept out of the database', async () => {
		await setInspectorName('Lê Văn Cường');
		const name: string = inspectorName();
		expect(name).toBe('Lê Văn Cường');
		expect(await database().meta.count()).toBe(0);
	});

	it('lives in localStorage when there is one, so a change in another tab is seen at once', async () => {
		const storage = fakeStorage();
		vi.stubGlobal('localStorage', storage);
		try {
			await setInspectorName(' Trần Thị Bình ');
			expect(storage.getItem('kiem-tra.inspector-name')).toBe('Trần Thị Bình');
			expect(inspectorName()).toBe('Trần Thị Bình');
			// Another tab of the same profile writes the same storage.
			storage.setItem('kiem-tra.inspector-name', 'Phạm Văn Dũng');
			expect(inspectorName()).toBe('Phạm Văn Dũng');
		} finally {
			vi.unstubAllGlobals();
		}
	});

	it('lasts for the session when storage refuses it', async () => {
		const refusing = {
			...fakeStorage(),
			getItem: () => {
				throw new DOMException('denied', 'SecurityError');
			},
			setItem: () => {
				throw new DOMException('full', 'QuotaExceededError');
			}
		};
		vi.stubGlobal('localStorage', refusing);
		try {
			await expect(setInspectorName('Đỗ Thị Em')).resolves.toBeUndefined();
			expect(inspectorName()).toBe('Đỗ Thị Em');
		} finally {
			vi.unstubAllGlobals();
		}
	});
});

describe('ValidationError', () => {
	it('carries a code and the field it is about', () => {
		const e = new ValidationError('negative', 'value');
		expect(e).toBeInstanceOf(Error);
		expect(e.name).toBe('ValidationError');
		expect(e.message).toBe('negative');
		expect(e.code).toBe('negative');
		expect(e.field).toBe('value');
		expect(new ValidationError('not-found').field).toBeUndefined();
	});
});
