/**
 * Every API route and method as the filesystem declares them, so the hostile suite can refuse
 * to pass while a route it does not cover exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const API = join('src', 'routes', 'api');
const METHOD =
	/export\s+(?:const|async\s+function|function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|fallback)\b/g;

/** `METHOD /api/path/[param]` for every exported handler under src/routes/api. */
export function apiRoutes(root = process.cwd()): string[] {
	const dir = join(root, API);
	const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
		(f) => f === '+server.ts' || f.endsWith(`${sep}+server.ts`)
	);
	return files.flatMap((file) => {
		const route = relative(dir, join(dir, file)).split(sep).slice(0, -1).join('/');
		const path = route ? `/api/${route}` : '/api';
		const source = readFileSync(join(dir, file), 'utf8');
		return [...source.matchAll(METHOD)].map((m) => `${m[1]} ${path}`);
	});
}
