/**
 * Slows password guessing: after `maxFailures` failed logins for one login from one address
 * within `windowMs`, that pair is refused until the oldest failure leaves the window. Keyed by
 * login + address so one person mistyping does not lock out a whole office behind one NAT, and
 * one attacker cannot lock a login out for everybody. In memory: a restart forgets, which is
 * acceptable for a single-process server.
 */

export type RateLimitOptions = {
	maxFailures?: number;
	windowMs?: number;
	/** The clock, injectable for tests. */
	now?: () => number;
};

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Above this many keys, expired ones are swept, so a scan over many logins cannot grow memory. */
const SWEEP_ABOVE = 10_000;

export class LoginRateLimiter {
	readonly #maxFailures: number;
	readonly #windowMs: number;
	readonly #now: () => number;
	/** Failure times per key, oldest first, never longer than maxFailures. */
	readonly #failures = new Map<string, number[]>();

	constructor({
		maxFailures = 5,
		windowMs = 15 * 60 * 1000,
		now = Date.now
	}: RateLimitOptions = {}) {
		this.#maxFailures = maxFailures;
		this.#windowMs = windowMs;
		this.#now = now;
	}

	check(key: string): RateLimitDecision {
		const recent = this.#recent(key);
		const oldest = recent[0];
		if (recent.length < this.#maxFailures || oldest === undefined) return { allowed: true };
		const waitMs = oldest + this.#windowMs - this.#now();
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
	}

	recordFailure(key: string): void {
		const recent = this.#recent(key);
		recent.push(this.#now());
		this.#failures.set(key, recent.slice(-this.#maxFailures));
		if (this.#failures.size > SWEEP_ABOVE) this.#sweep();
	}

	/** A successful login forgives earlier typos. */
	reset(key: string): void {
		this.#failures.delete(key);
	}

	#recent(key: string): number[] {
		const since = this.#now() - this.#windowMs;
		return (this.#failures.get(key) ?? []).filter((at) => at > since);
	}

	#sweep(): void {
		for (const key of [...this.#failures.keys()]) {
			if (this.#recent(key).length === 0) this.#failures.delete(key);
		}
	}
}

export function loginKey(login: string, address: string): string {
	return `${login}\n${address}`;
}

/** The server's one limiter; tests build their own with a fake clock. */
export const loginLimiter = new LoginRateLimiter();
