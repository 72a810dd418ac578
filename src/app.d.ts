// See https://svelte.dev/docs/kit/types#app.d.ts
import type { AuthUser, Session } from '$lib/server/auth/session';

declare global {
	namespace App {
		// interface Error {}
		interface Locals {
			/** Null without a session: pages work without an account; /api/* answers 401. */
			user: AuthUser | null;
			session: Session | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
