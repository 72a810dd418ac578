/**
 * Accounts, as the city office manages them. Disabling a person ends every session they hold at
 * once, so the next call from any of their devices is answered 401; the devices keep what they
 * have not sent. The administrator acting can never lock themselves out, which also means at
 * least one administrator always remains.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requiredText } from '$lib/domain/text';
import { hashPassword } from '../auth/password';
import { endSessions, type AuthUser } from '../auth/session';
import { USER_ROLES, type DB } from '../db/schema';
import { createUser, findUserByLogin } from '../db/users';
import { throwApiError } from '../http';

/** Not normalised: login compares the password exactly as typed, and so must the hash. */
const PasswordSchema = z.string().min(10, 'Mật khẩu cần ít nhất 10 ký tự.').max(200);

export const NewUserSchema = z.strictObject({
	login: requiredText(100).regex(/^[^\s]+$/, 'Tên đăng nhập không được có khoảng trắng.'),
	displayName: requiredText(200),
	password: PasswordSchema,
	role: z.enum(USER_ROLES)
});

/** Only what is sent changes; `password` is a new one the administrator typed. */
export const UserChangeSchema = z
	.strictObject({
		displayName: requiredText(200).optional(),
		role: z.enum(USER_ROLES).optional(),
		password: PasswordSchema.optional(),
		disabled: z.boolean().optional()
	})
	.refine((change) => Object.values(change).some((v) => v !== undefined), {
		message: 'Không có thay đổi nào được gửi.'
	});

export async function addUser(
	db: Kysely<DB>,
	input: z.output<typeof NewUserSchema>
): Promise<{ id: string }> {
	if (await findUserByLogin(db, input.login)) loginTaken(input.login);
	// Hashing is slow on purpose; outside the transaction it does not hold the database.
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (trx) => {
		if (await findUserByLogin(trx, input.login)) loginTaken(input.login);
		const user = await createUser(trx, { ...input, passwordHash });
		return { id: user.id };
	});
}

function loginTaken(login: string): never {
	throwApiError(409, 'login-taken', `Tên đăng nhập “${login}” đã có người dùng.`);
}

/**
 * Applies `change` to the account `userId`. A new password or disabling ends the person's
 * sessions (a reset usually means the old password got out); when administrators reset their
 * own password, the session they are using (`currentSessionId`) stays.
 */
export async function changeUser(
	db: Kysely<DB>,
	admin: AuthUser,
	userId: string,
	change: z.output<typeof UserChangeSchema>,
	currentSessionId?: string
): Promise<void> {
	if (userId === admin.id) {
		if (change.disabled) {
			throwApiError(409, 'own-account', 'Bạn không thể tự khóa tài khoản của chính mình.');
		}
		if (change.role !== undefined && change.role !== 'admin') {
			throwApiError(409, 'own-account', 'Bạn không thể tự bỏ quyền quản trị của chính mình.');
		}
	}
	const passwordHash = change.password ? await hashPassword(change.password) : undefined;
	await db.transaction().execute(async (trx) => {
		const updated = await trx
			.updateTable('users')
			.set({
				...(change.displayName !== undefined && { display_name: change.displayName }),
				...(change.role !== undefined && { role: change.role }),
				...(passwordHash !== undefined && { password_hash: passwordHash }),
				...(change.disabled !== undefined && { disabled: change.disabled ? 1 : 0 })
			})
			.where('id', '=', userId)
			.executeTakeFirst();
		if (updated.numUpdatedRows === 0n) {
			throwApiError(404, 'not-found', 'Không tìm thấy người dùng này.');
		}
		if (change.disabled || passwordHash !== undefined) {
			await endSessions(trx, userId, userId === admin.id ? currentSessionId : undefined);
		}
	});
}
