import { afterEach, beforeEach, expect, it } from 'vitest';
import { findUserByLogin } from '../db/users';
import { seedDemoData } from '../seed';
import { openTempDatabase, type TempDatabase } from '../test-db';
import { checkCredentials } from './login';

let temp: TempDatabase;
beforeEach(async () => {
	temp = await openTempDatabase();
	await seedDemoData(temp.db);
});
afterEach(() => temp.remove());

it('opens an account with its password, whatever the case of the login', async () => {
	const result = await checkCredentials(temp.db, ' ThanhVien1 ', 'demo-thanhvien1-2025');
	expect(result.outcome === 'valid' && result.user.login).toBe('thanhvien1');
	expect(await checkCredentials(temp.db, 'thanhvien1', 'sai')).toEqual({ outcome: 'invalid' });
	expect(await checkCredentials(temp.db, 'khong-co', 'sai')).toEqual({ outcome: 'invalid' });
});

it('names a disabled account only to whoever typed its password', async () => {
	await temp.db.updateTable('users').set({ disabled: 1 }).where('login', '=', 'thuky').execute();
	expect(await checkCredentials(temp.db, 'thuky', 'demo-thuky-2025')).toEqual({
		outcome: 'disabled'
	});
	expect(await checkCredentials(temp.db, 'thuky', 'sai')).toEqual({ outcome: 'invalid' });
	expect((await findUserByLogin(temp.db, 'thuky'))?.disabled).toBe(1);
});
