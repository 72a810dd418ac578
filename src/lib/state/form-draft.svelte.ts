/**
 * Keeps what a person typed into a form that has not been saved yet (a new inspection, a new
 * finding) across reloads and crashes, in localStorage; cleared once the form is saved.
 */
export class FormDraft<T extends object> {
	value: T;
	#key: string;

	constructor(key: string, initial: T) {
		this.#key = `kiem-tra.draft.${key}`;
		this.value = $state(load(this.#key) ?? initial);
		$effect(() => {
			const snapshot = JSON.stringify($state.snapshot(this.value));
			try {
				localStorage.setItem(this.#key, snapshot);
			} catch {
				// A full disk must not break typing; the draft just is not kept.
			}
		});
	}

	clear(): void {
		try {
			localStorage.removeItem(this.#key);
		} catch {
			// nothing to clear
		}
	}
}

function load<T>(key: string): T | undefined {
	try {
		const raw = localStorage.getItem(key);
		return raw ? (JSON.parse(raw) as T) : undefined;
	} catch {
		return undefined;
	}
}
