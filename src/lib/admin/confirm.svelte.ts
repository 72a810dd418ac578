/**
 * One confirmation dialog for the whole administration screen: every destructive action (disable,
 * remove, delete) asks through it, so the page holds a single modal dialog whose title id is
 * unique, and focus comes back to the button that asked when it closes.
 */
export type Question = { title: string; message: string; confirmLabel: string };

class Confirmation {
	question = $state<Question | null>(null);
	#answer: ((yes: boolean) => void) | null = null;

	/** Resolves true when the person confirms; false when they cancel or close the dialog. */
	ask(question: Question): Promise<boolean> {
		this.#answer?.(false);
		this.question = question;
		return new Promise((resolve) => (this.#answer = resolve));
	}

	/** Later answers are ignored: closing the dialog after a confirmation also reports a cancel. */
	answer(yes: boolean): void {
		const answer = this.#answer;
		this.#answer = null;
		this.question = null;
		answer?.(yes);
	}
}

export const confirmation = new Confirmation();
