/**
 * The administration screen's calls to the server, and the words each one ends with. Every form
 * reports its own outcome next to it, so a person using a screen reader hears what happened
 * where they acted.
 */
import { t } from '$lib/i18n/index.svelte';

export class AdminRequestError extends Error {}

export async function adminRequest<T>(
	path: string,
	body?: unknown,
	method = body === undefined ? 'GET' : 'POST'
): Promise<T> {
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			credentials: 'same-origin',
			// The server only reads bodies declared as JSON.
			headers: { 'content-type': 'application/json' },
			...(body === undefined ? {} : { body: JSON.stringify(body) })
		});
	} catch {
		throw new AdminRequestError(t('admin.network'));
	}
	const data: unknown = await response.json().catch(() => null);
	if (!response.ok) throw new AdminRequestError(describe(data, response.status));
	return data as T;
}

function describe(data: unknown, status: number): string {
	const { message, issues } = (data ?? {}) as {
		message?: string;
		issues?: { path: string; message: string }[];
	};
	const details = (issues ?? []).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
	return [message ?? `HTTP ${status}`, ...details].join(' ');
}

export class Action {
	busy = $state(false);
	done = $state<string | null>(null);
	failed = $state<string | null>(null);

	/** Runs `task`, which answers with the sentence to show; true when it succeeded. */
	async run(task: () => Promise<string>): Promise<boolean> {
		this.busy = true;
		this.done = null;
		this.failed = null;
		try {
			this.done = await task();
			return true;
		} catch (e) {
			this.failed = t('admin.failed', {
				detail: e instanceof Error ? e.message : String(e)
			});
			return false;
		} finally {
			this.busy = false;
		}
	}
}
