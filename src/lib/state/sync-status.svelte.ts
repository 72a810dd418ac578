/**
 * Who is signed in on this device and how sync is doing, in words a person can read. Sync runs
 * when the network comes back, every minute while online, when the tab comes to the front, and
 * on "Đồng bộ ngay"; failures back off exponentially with jitter (a full disk too: the person
 * has to free space first). An expired session stops the rounds and asks for a login: nothing
 * waiting is ever dropped.
 */
import { deviceId, inspectorName, outbox, photos, setInspectorName } from '$lib/db';
import { createClient, ServerRefusedError, SessionExpiredError } from '$lib/sync/client';
import { backoffMs, type RoundResult, type SyncProgress } from '$lib/sync/engine';
import { lockedRound, requestBackgroundSync, SYNCED_MESSAGE } from '$lib/sync/background';
import { problemOf, worthHandingOver, type SyncProblem } from '$lib/sync/problem';
import type { Account } from '$lib/sync/protocol';
import { forgetKeyRegistration } from '$lib/db/device-key';
import { ACCOUNT_KEY } from './signed-in';

const LAST_SYNC_KEY = 'kiem-tra.last-sync';
const EVERY_MS = 60_000;

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'signed-out' | 'failed';

function read<T>(key: string): T | null {
	try {
		const raw = globalThis.localStorage?.getItem(key);
		return raw ? (JSON.parse(raw) as T) : null;
	} catch {
		return null;
	}
}

function write(key: string, value: unknown): void {
	try {
		if (value === null) globalThis.localStorage?.removeItem(key);
		else globalThis.localStorage?.setItem(key, JSON.stringify(value));
	} catch {
		// Private mode may refuse storage: the state then lasts for this page only.
	}
}

class SyncStatus {
	/** The account signed in on this device, remembered offline so the field app knows who it is. */
	account = $state<Account | null>(read<Account>(ACCOUNT_KEY));
	phase = $state<SyncPhase>('idle');
	problem = $state<SyncProblem | null>(null);
	/** The server's own sentence when it refused something. */
	detail = $state<string | null>(null);
	lastSyncedAt = $state<string | null>(read<string>(LAST_SYNC_KEY));
	last = $state<RoundResult | null>(null);
	progress = $state<SyncProgress | null>(null);
	#client = createClient();
	#failures = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running: Promise<void> | null = null;
	#stop: (() => void) | null = null;

	get signedIn(): boolean {
		return this.account !== null;
	}

	async login(login: string, password: string): Promise<void> {
		const account = await this.#client.login({ login, password, deviceId: await deviceId() });
		await forgetKeyRegistration();
		this.account = account;
		write(ACCOUNT_KEY, account);
		// Answers record who gave them; a device nobody named yet takes the account's name.
		if (!inspectorName()) await setInspectorName(account.user.displayName);
		this.problem = null;
		this.phase = 'idle';
		this.start();
		void this.syncNow();
	}

	/** Forgets the account on this device; the caller has made sure nothing is left unsent. */
	async logout(): Promise<void> {
		try {
			await this.#client.logout();
		} catch {
			// Offline or already expired: the session dies on the server by its own expiry.
		}
		this.account = null;
		write(ACCOUNT_KEY, null);
		this.phase = 'signed-out';
	}

	/** One round now; a round already running is joined, never doubled. */
	syncNow(): Promise<void> {
		this.#running ??= this.#round().finally(() => (this.#running = null));
		return this.#running;
	}

	async #round(): Promise<void> {
		clearTimeout(this.#timer);
		if (!this.account) {
			this.phase = 'signed-out';
			return;
		}
		this.phase = 'syncing';
		this.progress = null;
		try {
			this.last = await lockedRound(this.#client, (progress) => {
				this.progress = progress;
			});
			this.#failures = 0;
			this.phase = 'idle';
			this.problem = null;
			this.detail = null;
			this.lastSyncedAt = new Date().toISOString();
			write(LAST_SYNC_KEY, this.lastSyncedAt);
			this.#schedule(EVERY_MS);
		} catch (error) {
			this.#fail(error);
		} finally {
			this.progress = null;
		}
	}

	#fail(error: unknown): void {
		if (error instanceof SessionExpiredError) {
			// The sign-in form comes back with the reason; the queue and every local row stay.
			this.account = null;
			write(ACCOUNT_KEY, null);
			this.phase = 'signed-out';
			this.problem = 'session-expired';
			return;
		}
		this.#failures++;
		const problem = problemOf(error);
		this.phase = problem === 'offline' ? 'offline' : 'failed';
		this.problem = problem;
		this.detail = error instanceof ServerRefusedError ? error.message : null;
		// The browser may run the next attempt even if this tab is closed by then.
		if (worthHandingOver(problem)) void requestBackgroundSync();
		this.#schedule(backoffMs(this.#failures));
	}

	/** Hidden with changes still waiting: the tab may be closed next, so the browser takes over. */
	async #handOver(): Promise<void> {
		if (!this.account) return;
		if ((await outbox.countPending()) + (await photos.countUnsent()) > 0) {
			await requestBackgroundSync();
		}
	}

	#schedule(ms: number): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.syncNow(), ms);
	}

	/** Starts the triggers once per page; returns the function that stops them. */
	start(): () => void {
		this.#stop ??= this.#listen();
		return () => {
			this.#stop?.();
			this.#stop = null;
		};
	}

	#listen(): () => void {
		const now = () => {
			if (navigator.onLine) void this.syncNow();
		};
		const visible = () => {
			if (document.visibilityState === 'visible') now();
			else void this.#handOver();
		};
		const synced = (event: MessageEvent) => {
			const data = event.data as { type?: string; at?: string } | null;
			if (data?.type !== SYNCED_MESSAGE || !data.at) return;
			this.lastSyncedAt = data.at;
			write(LAST_SYNC_KEY, data.at);
		};
		addEventListener('online', now);
		document.addEventListener('visibilitychange', visible);
		navigator.serviceWorker?.addEventListener('message', synced);
		now();
		return () => {
			clearTimeout(this.#timer);
			removeEventListener('online', now);
			document.removeEventListener('visibilitychange', visible);
			navigator.serviceWorker?.removeEventListener('message', synced);
		};
	}
}

export const syncStatus = new SyncStatus();
