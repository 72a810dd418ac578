import { loadAreas } from '$lib/i18n/index.svelte';
import type { LayoutLoad } from './$types';

/** This screen's strings are not in the app shell: they load with it. */
export const load: LayoutLoad = async () => {
	await loadAreas();
};
