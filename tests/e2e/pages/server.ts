/**
 * A city server of a test's own, for tests that kill and restart it: the shared one from
 * playwright.config.ts must stay up for every other test. It runs the same production build on
 * another loopback port with a fresh data directory, seeded with the demo accounts at first start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import net from 'node:net';
import { basename, join, resolve } from 'node:path';

/** A loopback port nothing listens on now, for a server of a test's own. */
export function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const probe = net.createServer();
		probe.on('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile())
		.map((entry) => join(entry.parentPath, entry.name));
}

export async function startServer(name: string) {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const dataDir = resolve('test-results', `server-${name}`);
	rmSync(dataDir, { recursive: true, force: true });
	let child: ChildProcess | null = null;

	async function start(): Promise<void> {
		child = spawn(process.execPath, ['build'], {
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: origin,
				DATA_DIR: dataDir,
				BODY_SIZE_LIMIT: '64M',
				LOG_LEVEL: 'error'
			},
			stdio: 'ignore'
		});
		const deadline = Date.now() + 20_000;
		for (;;) {
			try {
				if ((await fetch(`${origin}/api/health`)).ok) return;
			} catch {
				// Not listening yet.
			}
			if (Date.now() > deadline) throw new Error(`server on ${origin} did not start`);
			await new Promise((wait) => setTimeout(wait, 100));
		}
	}

	async function kill(): Promise<void> {
		const running = child;
		child = null;
		if (!running || running.exitCode !== null) return;
		const exited = new Promise((done) => running.once('exit', done));
		running.kill('SIGKILL');
		await exited;
	}

	/**
	 * Starts a PUT of `body` and sends only its first half, then leaves the request hanging: the
	 * server has a body in progress when the test kills it.
	 */
	async function sendHalf(path: string, input: { body: Buffer; cookie: string }): Promise<void> {
		const upload = request(`${origin}${path}`, {
			method: 'PUT',
			headers: {
				'content-type': 'image/jpeg',
				'content-length': input.body.length,
				origin,
				cookie: input.cookie
			}
		});
		upload.on('error', () => {
			// The server dies with this request open: that is the point.
		});
		upload.write(input.body.subarray(0, Math.floor(input.body.length / 2)));
		await new Promise((wait) => setTimeout(wait, 300));
	}

	/** What the server keeps on disk: whole photos named by their hash, and leftovers. */
	function storedPhotos() {
		const all = filesUnder(join(dataDir, 'photos'));
		return {
			files: all
				.filter((f) => f.endsWith('.jpg'))
				.map((f) => ({
					path: f,
					matchesName:
						createHash('sha256').update(readFileSync(f)).digest('hex') === basename(f, '.jpg')
				})),
			partial: all.filter((f) => !f.endsWith('.jpg'))
		};
	}

	await start();
	return { origin, kill, restart: start, sendHalf, storedPhotos };
}
