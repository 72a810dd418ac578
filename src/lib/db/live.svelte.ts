import { liveQuery } from 'dexie';

/**
 * Dexie's liveQuery as a runes value. `source` runs inside an effect, so the runes it reads (a
 * route param, say) re-subscribe when they change; the query it returns re-runs whenever the
 * tables it read change, in this tab or another one.
 */
export class Live<T> {
	#value = $state<T | undefined>(undefined);
	#error = $state<unknown>(undefined);
	#loaded = $state(false);

	constructor(source: () => () => Promise<T>) {
		$effect(() => {
			const query = source();
			const subscription = liveQuery(query).subscribe({
				next: (value) => {
					this.#value = value;
					this.#error = undefined;
					this.#loaded = true;
				},
				error: (error: unknown) => {
					this.#error = error;
					this.#loaded = true;
				}
			});
			return () => subscription.unsubscribe();
		});
	}

	/** undefined until the first result arrives (Dexie emits nothing before that). */
	get current(): T | undefined {
		return this.#value;
	}

	get loaded(): boolean {
		return this.#loaded;
	}

	get error(): unknown {
		return this.#error;
	}
}

export function live<T>(source: () => () => Promise<T>): Live<T> {
	return new Live(source);
}
