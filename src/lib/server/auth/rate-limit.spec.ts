import { expect, test } from 'vitest';
import { LoginRateLimiter, LoginThrottle, MAX_FAILURES_PER_ADDRESS, loginKey } from './rate-limit';

const MINUTE = 60_000;

function limiter() {
	const clock = { now: 0 };
	return { clock, limiter: new LoginRateLimiter({ now: () => clock.now }) };
}

test('five failures within 15 minutes block the pair until the oldest leaves the window', () => {
	const { clock, limiter: l } = limiter();
	const key = loginKey('an', '10.0.0.1');
	for (let i = 0; i < 4; i++) {
		l.recordFailure(key);
		clock.now += MINUTE;
	}
	expect(l.check(key)).toEqual({ allowed: true });
	l.recordFailure(key); // fifth, at minute 4
	expect(l.check(key)).toEqual({ allowed: false, retryAfterSeconds: 11 * 60 });
	clock.now = 15 * MINUTE - 1;
	expect(l.check(key).allowed).toBe(false);
	clock.now = 15 * MINUTE;
	expect(l.check(key)).toEqual({ allowed: true });
});

test('failures spread beyond the window never block', () => {
	const { clock, limiter: l } = limiter();
	const key = loginKey('an', '10.0.0.1');
	for (let i = 0; i < 20; i++) {
		l.recordFailure(key);
		expect(l.check(key).allowed).toBe(true);
		clock.now += 4 * MINUTE;
	}
});

test('the limit is per login and address, and a success forgives', () => {
	const { limiter: l } = limiter();
	const key = loginKey('an', '10.0.0.1');
	for (let i = 0; i < 5; i++) l.recordFailure(key);
	expect(l.check(key).allowed).toBe(false);
	expect(l.check(loginKey('binh', '10.0.0.1')).allowed).toBe(true);
	expect(l.check(loginKey('an', '10.0.0.2')).allowed).toBe(true);
	l.reset(key);
	expect(l.check(key).allowed).toBe(true);
});

test('one address failing on many logins waits too, and a success of its own does not reopen it', () => {
	const clock = { now: 0 };
	const throttle = new LoginThrottle({ now: () => clock.now });
	for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
		expect(throttle.check(`nguoi-${i}`, '10.0.0.1').allowed).toBe(true);
		throttle.recordFailure(`nguoi-${i}`, '10.0.0.1');
	}
	expect(throttle.check('ai-khac', '10.0.0.1')).toEqual({
		allowed: false,
		retryAfterSeconds: 15 * 60
	});
	throttle.reset('ai-khac', '10.0.0.1');
	expect(throttle.check('ai-khac', '10.0.0.1').allowed).toBe(false);
	expect(throttle.check('ai-khac', '10.0.0.2').allowed).toBe(true);
	clock.now = 15 * MINUTE;
	expect(throttle.check('ai-khac', '10.0.0.1').allowed).toBe(true);
});

test('the throttle still limits one login from one address at five', () => {
	const throttle = new LoginThrottle({ now: () => 0 });
	for (let i = 0; i < 5; i++) throttle.recordFailure('an', '10.0.0.1');
	expect(throttle.check('an', '10.0.0.1').allowed).toBe(false);
	expect(throttle.check('binh', '10.0.0.1').allowed).toBe(true);
});
