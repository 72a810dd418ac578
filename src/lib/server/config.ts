/**
 * Server configuration, read once from the environment and validated, so a typo in a deployment
 * fails at start with a clear message instead of at the first request.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error', 'silent']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** An unset variable and one set to '' mean the same in shell scripts and compose files. */
const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const EnvSchema = z.object({
	// adapter-node reads PORT itself; it is read here only to print where the server listens.
	PORT: optional(z.coerce.number().int().min(1).max(65535)).default(3000),
	ORIGIN: optional(z.url({ protocol: /^https?$/ })),
	DATA_DIR: optional(z.string()).default('./data'),
	LOG_LEVEL: optional(LogLevelSchema).default('info')
});

export type Config = {
	port: number;
	/** The public origin; null when unset, and the request's own origin is trusted instead. */
	origin: string | null;
	/** Absolute. */
	dataDir: string;
	photosDir: string;
	databasePath: string;
	logLevel: LogLevel;
};

export function loadConfig(env: Record<string, string | undefined>): Config {
	const parsed = EnvSchema.safeParse(env);
	if (!parsed.success) {
		throw new Error(`Invalid server configuration:\n${z.prettifyError(parsed.error)}`);
	}
	const dataDir = resolve(parsed.data.DATA_DIR);
	const photosDir = resolve(dataDir, 'photos');
	mkdirSync(photosDir, { recursive: true });
	return {
		port: parsed.data.PORT,
		origin: parsed.data.ORIGIN ? new URL(parsed.data.ORIGIN).origin : null,
		dataDir,
		photosDir,
		databasePath: resolve(dataDir, 'kiem-tra.sqlite'),
		logLevel: parsed.data.LOG_LEVEL
	};
}

let cached: Config | undefined;

/** Read lazily: `vite build` imports the server code but must not create the data folder. */
export function config(): Config {
	cached ??= loadConfig(process.env);
	return cached;
}
