/**
 * One JSON object per line on stdout/stderr, so a log collector can parse it without rules.
 * Callers pass only what is safe to keep: never a password, a cookie or a session token.
 */
import { config, type LogLevel } from './config';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

type Entry = Record<string, unknown>;

/** LOG_LEVEL is a threshold: `warn` hides the request lines, `silent` hides everything. */
function write(level: 'info' | 'error', message: string, entry: Entry): void {
	if (RANK[level] < RANK[config().logLevel]) return;
	const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...entry });
	if (level === 'error') console.error(line);
	else console.log(line);
}

export const log = {
	info: (message: string, entry: Entry = {}) => write('info', message, entry),
	error: (message: string, entry: Entry = {}) => write('error', message, entry)
};
