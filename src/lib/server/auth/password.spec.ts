import { expect, test } from 'vitest';
import { hashPassword, verifyDummy, verifyPassword } from './password';

test('hashes with argon2id at the OWASP minimum and verifies only the right password', async () => {
	const hash = await hashPassword('mật khẩu đúng');
	expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	expect(await verifyPassword(hash, 'mật khẩu đúng')).toBe(true);
	expect(await verifyPassword(hash, 'mật khẩu sai')).toBe(false);
});

test('a corrupt stored hash reads as a wrong password, and the dummy check always fails', async () => {
	expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
	expect(await verifyDummy('kiem-tra-dummy-password')).toBe(false);
	expect(await verifyDummy('')).toBe(false);
});
