/**
 * What the header says about local saving. `run` wraps every write the UI starts: "đã lưu" shows
 * only after the write path's transaction committed, and a failure is kept until the next
 * success so the person sees it.
 */
type Status =
	| { kind: 'idle' }
	| { kind: 'saving' }
	| { kind: 'saved'; at: Date }
	| { kind: 'error'; error: unknown };

class SaveStatus {
	status = $state<Status>({ kind: 'idle' });
	#running = 0;

	async run<T>(write: () => Promise<T>): Promise<T> {
		this.#running++;
		this.status = { kind: 'saving' };
		try {
			const result = await write();
			this.#running--;
			if (this.#running === 0) this.status = { kind: 'saved', at: new Date() };
			return result;
		} catch (error) {
			this.#running--;
			this.status = { kind: 'error', error };
			throw error;
		}
	}
}

export const saveStatus = new SaveStatus();
