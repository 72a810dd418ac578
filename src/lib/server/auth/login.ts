import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema';
import { findUserByLogin } from '../db/users';
import { verifyDummy, verifyPassword } from './password';

export type Credentials =
	| { outcome: 'valid'; user: User }
	| { outcome: 'invalid' }
	/** The right password for an account the city office disabled. */
	| { outcome: 'disabled' };

/**
 * Whether a login and password open an account. Unknown logins still pay for one hash, so timing
 * does not reveal which logins exist. A disabled account is named as such only to someone who
 * typed its password: they are told to ask the city office instead of retrying.
 */
export async function checkCredentials(
	db: Kysely<DB>,
	login: string,
	password: string
): Promise<Credentials> {
	const user = await findUserByLogin(db, login);
	if (!user) {
		await verifyDummy(password);
		return { outcome: 'invalid' };
	}
	if (!(await verifyPassword(user.password_hash, password))) return { outcome: 'invalid' };
	return user.disabled ? { outcome: 'disabled' } : { outcome: 'valid', user };
}
