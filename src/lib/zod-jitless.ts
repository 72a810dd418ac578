/**
 * Zod compiles object parsers with `new Function` when it can, and probes for that by calling it.
 * The app's Content-Security-Policy has no 'unsafe-eval', so the probe is refused and reported as
 * a CSP violation. Imported first by each browser entry (hooks.client.ts, the service worker), so
 * every schema is built jitless: same results, no eval.
 */
import { z } from 'zod';

z.config({ jitless: true });
