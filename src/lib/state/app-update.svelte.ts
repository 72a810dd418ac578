import type { Workbox } from 'workbox-window';
import { whenWritesSettled } from '$lib/db/write-path';

/**
 * Registers the service worker and offers a waiting version to the user. Accepting it first
 * waits for every write of this tab to commit, then lets the new worker take over and reloads.
 * IndexedDB is never touched by an update.
 */
class AppUpdate {
	/** A new version is installed and waiting for the user's go-ahead. */
	ready = $state(false);
	applying = $state(false);
	/** Another tab installed the new version: this one should reload when the person is ready. */
	reloadNeeded = $state(false);
	#wb: Workbox | undefined;
	#hadController = false;

	async register(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		const { Workbox } = await import('workbox-window');
		const wb = new Workbox('/service-worker.js', { type: 'classic' });
		this.#wb = wb;
		wb.addEventListener('waiting', () => (this.ready = true));
		// The first install also changes the controller (clientsClaim): that needs no reload. A
		// takeover accepted in this tab reloads at once, its writes already settled; one accepted in
		// another tab asks first, since this tab may be mid-typing.
		navigator.serviceWorker.addEventListener('controllerchange', () => {
			const wasControlled = this.#hadController;
			this.#hadController = true;
			if (!wasControlled) return;
			if (this.applying) location.reload();
			else this.reloadNeeded = true;
		});
		this.#hadController = navigator.serviceWorker.controller !== null;
		const registration = await wb.register();
		if (registration?.waiting && this.#hadController) this.ready = true;
	}

	async check(): Promise<void> {
		await this.#wb?.update();
	}

	async apply(): Promise<void> {
		this.applying = true;
		await whenWritesSettled();
		if (this.reloadNeeded) {
			location.reload();
			return;
		}
		const registration = await navigator.serviceWorker.getRegistration();
		registration?.waiting?.postMessage({ type: 'SKIP_WAITING' });
	}
}

export const appUpdate = new AppUpdate();
