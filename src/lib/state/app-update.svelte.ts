import type { Workbox } from 'workbox-window';
import { whenWritesSettled } from '$lib/db';

/**
 * Registers the service worker and offers a waiting version to the user. Accepting it first
 * waits for every write of this tab to commit, then lets the new worker take over and reloads.
 * IndexedDB is never touched by an update.
 */
class AppUpdate {
	/** A new version is installed and waiting for the user's go-ahead. */
	ready = $state(false);
	applying = $state(false);
	#wb: Workbox | undefined;

	async register(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		const { Workbox } = await import('workbox-window');
		const wb = new Workbox('/service-worker.js', { type: 'classic' });
		this.#wb = wb;
		wb.addEventListener('waiting', () => (this.ready = true));
		wb.addEventListener('controlling', (event) => {
			if (event.isUpdate) location.reload();
		});
		await wb.register();
	}

	async check(): Promise<void> {
		await this.#wb?.update();
	}

	async apply(): Promise<void> {
		this.applying = true;
		await whenWritesSettled();
		this.#wb?.messageSkipWaiting();
	}
}

export const appUpdate = new AppUpdate();
