import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../auth/login';
import { createSession, generateSessionToken, validateSessionToken } from '../auth/session';
import { registerDevice } from '../db/devices';
import { findUserByLogin } from '../db/users';
import type { TempDatabase } from '../test-db';
import { seededDatabase, userOf } from './fixtures';
import { addUser, changeUser, NewUserSchema, UserChangeSchema } from './users';

let temp: TempDatabase;
beforeEach(async () => (temp = await seededDatabase()));
afterEach(() => temp.remove());

/** A fresh login of `login` on its own device; returns the cookie token. */
async function signedIn(login: string, device = `${login}-phone`): Promise<string> {
	const { id } = await userOf(temp, login);
	await registerDevice(temp.db, { id: device, userId: id, userAgent: 'test' });
	const token = generateSessionToken();
	await createSession(temp.db, token, id, device);
	return token;
}

const admin = () => userOf(temp, 'admin');

describe('creating users', () => {
	it('creates a user once per login', async () => {
		const input = {
			login: 'Moi.Nguoi',
			displayName: 'Người Mới',
			password: 'mat-khau-dai',
			role: 'member' as const
		};
		const { id } = await addUser(temp.db, input);
		expect((await findUserByLogin(temp.db, 'moi.nguoi'))?.id).toBe(id);
		await expect(addUser(temp.db, { ...input, login: 'moi.nguoi' })).rejects.toMatchObject({
			status: 409
		});
	});

	it('refuses short passwords', () => {
		const user = { login: 'a', displayName: 'A', password: 'ngan', role: 'member' };
		expect(NewUserSchema.safeParse(user).success).toBe(false);
	});
});

describe('changing a user', () => {
	it('renames, changes the role and resets the password', async () => {
		const member = await userOf(temp, 'thanhvien1');
		const token = await signedIn('thanhvien1');
		await changeUser(temp.db, await admin(), member.id, {
			displayName: 'Trần Thị Bình (Sở Nội vụ)',
			role: 'lead',
			password: 'mat-khau-moi-dai'
		});
		const row = await findUserByLogin(temp.db, 'thanhvien1');
		expect(row).toMatchObject({ display_name: 'Trần Thị Bình (Sở Nội vụ)', role: 'lead' });
		expect(await checkCredentials(temp.db, 'thanhvien1', 'demo-thanhvien1-2025')).toEqual({
			outcome: 'invalid'
		});
		const fresh = await checkCredentials(temp.db, 'thanhvien1', 'mat-khau-moi-dai');
		expect(fresh.outcome).toBe('valid');
		// A reset password may have leaked: whoever was signed in with it is signed out.
		expect(await validateSessionToken(temp.db, token)).toBeNull();
	});

	it('keeps the sessions of a person whose name or role alone changes', async () => {
		const member = await userOf(temp, 'thanhvien1');
		const token = await signedIn('thanhvien1');
		await changeUser(temp.db, await admin(), member.id, { role: 'viewer' });
		expect((await validateSessionToken(temp.db, token))?.user.role).toBe('viewer');
	});

	it('NFC-normalises the name and refuses unknown fields and empty changes', () => {
		const nfd = 'Tra\u0302\u0300n'; // "Trần" as an iPhone may type it
		expect(UserChangeSchema.parse({ displayName: ` ${nfd} ` }).displayName).toBe('Trần');
		expect(UserChangeSchema.safeParse({}).success).toBe(false);
		expect(UserChangeSchema.safeParse({ login: 'khac' }).success).toBe(false);
		expect(UserChangeSchema.safeParse({ password: 'ngan' }).success).toBe(false);
	});

	it('answers 404 for an unknown user', async () => {
		await expect(
			changeUser(temp.db, await admin(), 'nobody', { displayName: 'X' })
		).rejects.toMatchObject({ status: 404 });
	});
});

describe('disabling a user', () => {
	it('ends every session at once and refuses their login, until re-enabled', async () => {
		const member = await userOf(temp, 'thanhvien1');
		const phone = await signedIn('thanhvien1', 'phone');
		const tablet = await signedIn('thanhvien1', 'tablet');
		const other = await signedIn('thanhvien2');

		await changeUser(temp.db, await admin(), member.id, { disabled: true });
		expect(await validateSessionToken(temp.db, phone)).toBeNull();
		expect(await validateSessionToken(temp.db, tablet)).toBeNull();
		const sessions = await temp.db
			.selectFrom('sessions')
			.select('id')
			.where('user_id', '=', member.id)
			.execute();
		expect(sessions).toEqual([]);
		expect(await validateSessionToken(temp.db, other)).not.toBeNull();
		expect(await checkCredentials(temp.db, 'thanhvien1', 'demo-thanhvien1-2025')).toEqual({
			outcome: 'disabled'
		});
		// Only the right password learns that the account is disabled.
		expect(await checkCredentials(temp.db, 'thanhvien1', 'doan-sai-mat-khau')).toEqual({
			outcome: 'invalid'
		});

		await changeUser(temp.db, await admin(), member.id, { disabled: false });
		const back = await checkCredentials(temp.db, 'thanhvien1', 'demo-thanhvien1-2025');
		expect(back.outcome).toBe('valid');
	});

	it('refuses to let administrators disable or demote themselves', async () => {
		const me = await admin();
		const token = await signedIn('admin');
		await expect(changeUser(temp.db, me, me.id, { disabled: true })).rejects.toMatchObject({
			status: 409,
			body: { error: 'own-account' }
		});
		await expect(changeUser(temp.db, me, me.id, { role: 'member' })).rejects.toMatchObject({
			status: 409,
			body: { error: 'own-account' }
		});
		// Nothing of a refused change is written, even the parts that were allowed.
		await expect(
			changeUser(temp.db, me, me.id, { displayName: 'Khác', role: 'viewer' })
		).rejects.toMatchObject({ status: 409 });
		const row = await findUserByLogin(temp.db, 'admin');
		expect(row).toMatchObject({ role: 'admin', disabled: 0, display_name: me.displayName });
		expect(await validateSessionToken(temp.db, token)).not.toBeNull();
	});

	it('keeps the session an administrator resets their own password from', async () => {
		const me = await admin();
		const here = await signedIn('admin', 'office-pc');
		const elsewhere = await signedIn('admin', 'old-laptop');
		const current = await validateSessionToken(temp.db, here);
		await changeUser(
			temp.db,
			me,
			me.id,
			{ password: 'mat-khau-quan-tri-moi' },
			current?.session.id
		);
		expect(await validateSessionToken(temp.db, here)).not.toBeNull();
		expect(await validateSessionToken(temp.db, elsewhere)).toBeNull();
	});
});
