/** For the admin specs: the demo data on a real SQLite file, and its people by login. */
import type { AuthUser } from '../auth/session';
import { findUserByLogin } from '../db/users';
import { seedDemoData } from '../seed';
import { openTempDatabase, type TempDatabase } from '../test-db';

export async function seededDatabase(): Promise<TempDatabase> {
	const temp = await openTempDatabase();
	await seedDemoData(temp.db);
	return temp;
}

export async function userOf(temp: TempDatabase, login: string): Promise<AuthUser> {
	const row = await findUserByLogin(temp.db, login);
	if (!row) throw new Error(`no user ${login}`);
	return { id: row.id, login: row.login, displayName: row.display_name, role: row.role };
}
