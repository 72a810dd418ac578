/**
 * Slows password guessing: after `maxFailures` failed logins for one login from one address
 * within `windowMs`, that pair is refused until the oldest failure leaves the window. Keyed by
 * login + address so one person mistyping does not lock out a whole office behind one NAT, and
 * one attacker cannot lock a login out for everybody; `LoginThrottle` adds a higher cap per
 * address. In memory: a restart forgets, which is
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

/**
 * Failed logins from one address, whatever the login, before that address must wait. The pair
 * limit alone let one address try five passwords on every account in turn (password spraying);
 * this cap is high enough for an office of people mistyping behind one NAT.
 */
export const MAX_FAILURES_PER_ADDRESS = 100;

/** Both limits: per login and address, and per address alone. */
export class LoginThrottle {
	readonly #pairs: LoginRateLimiter;
	readonly #addresses: LoginRateLimiter;

	constructor(options: Omit<RateLimitOptions, 'maxFailures'> = {}) {
		this.#pairs = new LoginRateLimiter(options);
		this.#addresses = new LoginRateLimiter({ ...options, maxFailures: MAX_FAILURES_PER_ADDRESS });
	}

	check(login: string, address: string): RateLimitDecision {
		const pair = this.#pairs.check(loginKey(login, address));
		return pair.allowed ? this.#addresses.check(address) : pair;
	}

	recordFailure(login: string, address: string): void {
		this.#pairs.recordFailure(loginKey(login, address));
		this.#addresses.recordFailure(address);
	}

	/** Only the pair is forgiven: logging into one's own account must not reopen guessing. */
	reset(login: string, address: string): void {
		this.#pairs.reset(loginKey(login, address));
	}
}

/** The server's one throttle; tests build their own with a fake clock. */
export const loginThrottle = new LoginThrottle();
