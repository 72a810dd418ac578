import type { Page } from '@playwright/test';

/**
 * Every row of one of the app's IndexedDB stores, read straight from the browser: a test that
 * checks what was saved trusts no screen for it. The caller names the row shape it relies on.
 */
export function readStore<Row>(page: Page, store: string): Promise<Row[]> {
	return page.evaluate(
		(name) =>
			new Promise<Row[]>((resolve, reject) => {
				const open = indexedDB.open('kiem-tra');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const read = open.result.transaction(name).objectStore(name).getAll();
					read.onerror = () => reject(read.error);
					read.onsuccess = () => {
						open.result.close();
						resolve(read.result as Row[]);
					};
				};
			}),
		store
	);
}
