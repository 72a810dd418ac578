/**
 * Password hashing with argon2id. The library's defaults (m=19456 KiB, t=2, p=1) are the OWASP
 * minimum; the parameters are stored in each PHC string, so raising them later only affects new
 * hashes and old ones keep verifying.
 */
import { hash, verify } from '@node-rs/argon2';

export async function hashPassword(password: string): Promise<string> {
	return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A corrupt stored hash must read as "wrong password", not as a server error.
		return false;
	}
}

/**
 * An argon2id hash of a throwaway string, with the same parameters as real ones; fixed in the
 * source so that even the first unknown login costs exactly one verification, no more.
 */
const DUMMY_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$rsS7ynQLbHxtqA7ni28yHg$/x1pFQk3OogfqtgQq5TMeb5dcinr4zbcREpa356fInE';

/**
 * Spends the same time as checking a real password, for logins that match no user, so response
 * time does not tell which logins exist.
 */
export async function verifyDummy(password: string): Promise<false> {
	await verifyPassword(DUMMY_HASH, password);
	return false;
}
