/**
 * Zod compiles object parsers with `new Function` when it can, and probes for that by calling it.
 * The app's Content-Security-Policy has no 'unsafe-eval', so the probe is refused and reported as
 * a CSP violation. Imported first by each browser entry (hooks.client.ts, the service worker), so
 * every schema is built jitless: same results, no eval.
 *
 * Zod keeps its settings on `globalThis.__zod_globalConfig` (created with `??=`, so whichever
 * runs first makes the object both share). Setting it there instead of calling `z.config` keeps
 * Zod itself out of the app shell's entry: the screens that validate load it later.
 */
declare global {
	var __zod_globalConfig: { jitless?: boolean } | undefined;
}

(globalThis.__zod_globalConfig ??= {}).jitless = true;

export {};
