// First, before any schema is built: see zod-jitless.ts.
import '$lib/zod-jitless';
