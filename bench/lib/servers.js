/** Servers a bench starts: all listen on 127.0.0.1 only, and all are tracked for clean-up. */
import { spawn } from 'node:child_process';
import {
	closeSync,
	createReadStream,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	statSync
} from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { track } from './cleanup.js';

const HOST = '127.0.0.1';

/** A port free right now; the tiny window before the child binds it is acceptable here. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.unref();
		probe.on('error', reject);
		probe.listen(0, HOST, () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** What an error message shows of a server's output. */
const OUTPUT_TAIL = 16_000;

/**
 * The server's output goes to a file, as a deployment's goes to its journal: through a pipe, a
 * bench process busy with hundreds of requests of its own would drain it late, and the server,
 * which logs a line per API request and writes to a pipe synchronously, would wait for it.
 */
function outputFile() {
	const dir = mkdtempSync(join(tmpdir(), 'kiem-tra-server-'));
	const path = join(dir, 'output.log');
	const fd = openSync(path, 'w');
	return {
		fd,
		tail: () => readFileSync(path, 'utf8').slice(-OUTPUT_TAIL),
		remove: () => {
			closeSync(fd);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * Runs `node build` (adapter-node) from `appDir` and resolves once it answers HTTP.
 * @param {string} appDir directory holding build/
 * @param {{ env?: Record<string, string> }} [options] extra environment, e.g. a DATA_DIR of its
 *   own so that a bench starts from a fresh database
 */
export async function startNodeBuild(appDir, { env = {} } = {}) {
	const port = await freePort();
	const origin = `http://${HOST}:${port}`;
	const output = outputFile();
	const child = spawn(process.execPath, ['build'], {
		cwd: appDir,
		env: { ...process.env, ...env, PORT: String(port), HOST, ORIGIN: origin },
		stdio: ['ignore', output.fd, output.fd]
	});
	const exited = new Promise((resolve) => child.once('exit', resolve));

	const stop = track(async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		}
		output.remove();
	});

	const deadline = Date.now() + 20_000;
	for (;;) {
		if (child.exitCode !== null) {
			const tail = output.tail();
			await stop();
			throw new Error(`node build exited early (${child.exitCode}):\n${tail}`);
		}
		try {
			const response = await fetch(origin, { signal: AbortSignal.timeout(2000) });
			await response.arrayBuffer();
			break;
		} catch {
			if (Date.now() > deadline) {
				const tail = output.tail();
				await stop();
				throw new Error(`node build did not answer on ${origin} within 20 s:\n${tail}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	return { origin, stop };
}

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json'
};

/**
 * Serves a directory as it is: no compression, no caching, nothing clever, so the bench page's
 * own loading never depends on server behaviour.
 * @param {string} dir
 */
export async function startStaticServer(dir) {
	const server = createServer((request, response) => {
		const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
		const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
		if (!file.startsWith(dir)) {
			response.writeHead(403).end();
			return;
		}
		try {
			const size = statSync(file).size;
			response.writeHead(200, {
				'content-type':
					TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream',
				'content-length': size,
				'cache-control': 'no-store',
				// Cross-origin isolation lifts performance.now() resolution from 100 µs to 5 µs in
				// Chromium; a raw IndexedDB put takes well under a millisecond.
				'cross-origin-opener-policy': 'same-origin',
				'cross-origin-embedder-policy': 'require-corp'
			});
			createReadStream(file).pipe(response);
		} catch {
			response.writeHead(404).end();
		}
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, HOST, () => resolve(undefined));
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	const stop = track(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	});
	return { origin: `http://${HOST}:${port}`, stop };
}
