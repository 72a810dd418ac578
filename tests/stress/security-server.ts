/**
 * A server of the security suite's own, so it can read what the server prints, age sessions in
 * its database and add people to a second delegation without touching the shared servers' seed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { freePort } from '../e2e/pages/server';

export type Reply = { status: number; headers: Headers; text: string };

export type SecurityServer = {
	origin: string;
	/** Everything the server printed on stdout and stderr since it started. */
	output(): string;
	/** A request with the app's own Origin unless `headers` says otherwise ('' leaves it out). */
	send(
		path: string,
		init?: { method?: string; cookie?: string; json?: unknown; headers?: Record<string, string> }
	): Promise<Reply>;
	/** Runs SQL on the server's database file, as an operator would. */
	sql(statement: string, ...params: unknown[]): void;
	stop(): Promise<void>;
};

export async function startSecurityServer(): Promise<SecurityServer> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const dataDir = resolve('test-results', 'server-security');
	rmSync(dataDir, { recursive: true, force: true });
	let printed = '';
	const child: ChildProcess = spawn(process.execPath, ['build'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATA_DIR: dataDir,
			LOG_LEVEL: 'debug'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));

	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			if ((await fetch(`${origin}/api/health`)).ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) throw new Error(`server on ${origin} did not start:\n${printed}`);
		await new Promise((wait) => setTimeout(wait, 100));
	}

	return {
		origin,
		output: () => printed,
		async send(path, init = {}) {
			const headers: Record<string, string> = Object.fromEntries(
				Object.entries({ origin, ...init.headers }).filter(([, value]) => value !== '')
			);
			if (init.cookie !== undefined) headers.cookie = init.cookie;
			if (init.json !== undefined) headers['content-type'] = 'application/json';
			const response = await fetch(`${origin}${path}`, {
				method: init.method ?? 'GET',
				headers,
				body: init.json === undefined ? undefined : JSON.stringify(init.json),
				redirect: 'manual'
			});
			return { status: response.status, headers: response.headers, text: await response.text() };
		},
		sql(statement, ...params) {
			const db = new Database(resolve(dataDir, 'kiem-tra.sqlite'));
			try {
				db.prepare(statement).run(...params);
			} finally {
				db.close();
			}
		},
		async stop() {
			if (child.exitCode !== null) return;
			const exited = new Promise((done) => child.once('exit', done));
			child.kill('SIGTERM');
			await exited;
		}
	};
}
