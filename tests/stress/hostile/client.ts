/**
 * Raw HTTP for the hostile suite: node:http sends the path byte for byte (no `..` resolution,
 * no re-encoding) and any body, and the server's SQLite file is read, read-only, to prove that
 * refused requests wrote nothing.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

export const DATA_DIR = 'test-results/stress-server-data';
// One connection per request: a server that closed after refusing a body must not fail the next case.
const agent = new Agent({ keepAlive: false });

export type Sent = {
	method: string;
	path: string;
	headers?: Record<string, string>;
	body?: Buffer | string;
};
export type Answer = { status: number; type: string; body: Buffer; setCookie: string[] };

/**
 * Resolves with the answer as soon as it is complete, even when the server then closes a
 * connection whose body it chose not to read (a 401 or 413 before a large upload ends).
 */
export function send(origin: string, req: Sent): Promise<Answer> {
	const { hostname, port } = new URL(origin);
	return new Promise((done, fail) => {
		let answered: Omit<Answer, 'body'> | null = null;
		const chunks: Buffer[] = [];
		const finish = () => answered && done({ ...answered, body: Buffer.concat(chunks) });
		const headers = { ...req.headers };
		if (req.body !== undefined) {
			headers['content-length'] = String(Buffer.byteLength(req.body));
		}
		const out = request(
			{ host: hostname, port, method: req.method, path: req.path, headers, agent },
			(res) => {
				answered = {
					status: res.statusCode ?? 0,
					type: String(res.headers['content-type'] ?? ''),
					setCookie: res.headers['set-cookie'] ?? []
				};
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', finish);
				res.on('error', finish);
			}
		);
		out.on('error', (e: NodeJS.ErrnoException) => {
			if (answered) return finish();
			// The server answered early (401, 413…) and closed while the body was still going out;
			// Node's client then loses the answer. Reported as status 0 for the caller to judge.
			if (req.body?.length && (e.code === 'EPIPE' || e.code === 'ECONNRESET')) {
				return done({ status: 0, type: '', body: Buffer.alloc(0), setCookie: [] });
			}
			fail(e);
		});
		out.end(req.body);
	});
}

/** What the cases set on a request; an absent value leaves its header out. */
export type RequestSetup = {
	cookie?: string;
	origin?: string;
	type?: string;
	accept?: string;
};

/** The headers of a hostile request: cookie, Origin, Content-Type and Accept, each only if set. */
export function headersOf(setup: RequestSetup): Record<string, string> {
	const names = { cookie: 'cookie', origin: 'origin', type: 'content-type', accept: 'accept' };
	const headers: Record<string, string> = {};
	for (const [key, name] of Object.entries(names)) {
		const value = setup[key as keyof RequestSetup];
		if (value !== undefined) headers[name] = value;
	}
	return headers;
}

/** Whether the server sees this raw path under /api (URLs resolve `.` and `..` however encoded). */
export function reachesApi(origin: string, path: string): boolean {
	return new URL(path, origin).pathname.startsWith('/api/');
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes the UTF-8 bytes `keep` does not match, so even lone surrogates arrive as bytes. */
export const encode = (s: string, keep = UNRESERVED) =>
	[...Buffer.from(s)]
		.map((b) =>
			keep.test(String.fromCharCode(b))
				? String.fromCharCode(b)
				: `%${b.toString(16).padStart(2, '0')}`
		)
		.join('');

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export type Session = { login: string; cookie: string; deviceId: string; userId: string };

export async function logIn(origin: string, login: string, extra: object = {}): Promise<Session> {
	const deviceId = `hostile-${login}-${crypto.randomUUID()}`;
	const answer = await send(origin, {
		method: 'POST',
		path: '/api/auth/login',
		headers: headersOf({ type: 'application/json', origin }),
		body: JSON.stringify({ login, password: `demo-${login}-2025`, deviceId, ...extra })
	});
	const cookie = answer.setCookie
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith('kt_session='));
	if (answer.status !== 200 || !cookie) {
		throw new Error(`login ${login}: ${answer.status} ${answer.body}`);
	}
	const account = JSON.parse(answer.body.toString()) as { user: { id: string } };
	return { login, cookie, deviceId, userId: account.user.id };
}

/** A JSON call as the app makes it, failing on anything but 2xx. */
export async function call<T>(
	origin: string,
	s: Session,
	method: string,
	path: string,
	body?: unknown
): Promise<T> {
	const answer = await send(origin, {
		method,
		path,
		headers: headersOf({ cookie: s.cookie, origin, type: 'application/json' }),
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.body}`);
	return (answer.body.length ? JSON.parse(answer.body.toString()) : null) as T;
}

/**
 * A digest of everything the server keeps: every table row by row (sessions and devices only
 * counted, since reading refreshes them), and the names of the files under DATA_DIR.
 */
export function snapshot(): Record<string, string> {
	const db = new Database(join(DATA_DIR, 'kiem-tra.sqlite'), {
		readonly: true,
		fileMustExist: true
	});
	try {
		const tables = db
			.prepare(
				"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
			)
			.all() as { name: string }[];
		const out: Record<string, string> = {};
		for (const { name } of tables) {
			const counted = name === 'sessions' || name === 'devices';
			const sql = counted ? `select count(*) as n from "${name}"` : `select * from "${name}"`;
			const rows = db
				.prepare(sql)
				.all()
				.map((row) => JSON.stringify(row));
			out[name] = createHash('sha256').update(rows.sort().join('\n')).digest('hex');
		}
		out['files'] = createHash('sha256').update(filesUnder(DATA_DIR).join('\n')).digest('hex');
		return out;
	} finally {
		db.close();
	}
}

/**
 * Files only: a refused upload may leave its photo's prefix folder (one of at most 256) made for
 * its temporary file, which holds no data.
 */
function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && !entry.name.startsWith('kiem-tra.sqlite'))
		.map((entry) => join(entry.parentPath, entry.name))
		.sort();
}
