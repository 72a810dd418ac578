import type { Kysely } from 'kysely';
import type { DB, User, UserRole } from './schema';

/** Logins compare without regard to case, Unicode form or stray spaces. */
export function normalizeLogin(login: string): string {
	return login.normalize('NFC').trim().toLowerCase();
}

export type NewUserInput = {
	login: string;
	displayName: string;
	passwordHash: string;
	role: UserRole;
};

export async function createUser(
	db: Kysely<DB>,
	input: NewUserInput,
	now = new Date()
): Promise<User> {
	return db
		.insertInto('users')
		.values({
			id: crypto.randomUUID(),
			login: normalizeLogin(input.login),
			display_name: input.displayName,
			password_hash: input.passwordHash,
			role: input.role,
			created_at: now.toISOString()
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function findUserByLogin(db: Kysely<DB>, login: string): Promise<User | undefined> {
	return db
		.selectFrom('users')
		.selectAll()
		.where('login', '=', normalizeLogin(login))
		.executeTakeFirst();
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
