/**
 * A loopback HTTP proxy that is a bad network between devices and the server (issue #6, part 2).
 * Seeded, it drops requests before they reach the server, delays them, delivers them twice (the
 * copy arrives later, after the answer), holds one back so a later one overtakes it, and cuts the
 * answer after the server committed. Only the sync API is disturbed; pages, scripts and sign-in
 * pass through untouched so the devices can run at all.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prng } from './random';

export type FaultRates = {
	drop: number;
	delay: number;
	duplicate: number;
	reorder: number;
	cutAfterCommit: number;
};

export const NO_FAULTS: FaultRates = {
	drop: 0,
	delay: 0,
	duplicate: 0,
	reorder: 0,
	cutAfterCommit: 0
};

type Forwarded = { status: number; headers: IncomingMessage['headers']; body: Buffer };

const DISTURBED = /^\/api\/(sync\/|photos\/|devices\/key)/;

function readBody(stream: IncomingMessage): Promise<Buffer> {
	return new Promise((done, fail) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.on('end', () => done(Buffer.concat(chunks)));
		stream.on('error', fail);
	});
}

export async function startFaultyProxy(target: string, seed: number) {
	const rng = prng(seed);
	const upstream = new URL(target);
	let rates: FaultRates = NO_FAULTS;
	const stats = { requests: 0, dropped: 0, delayed: 0, duplicated: 0, reordered: 0, cut: 0 };
	/** A request held back: released once a later one has gone ahead of it (or after a while). */
	let held: (() => void) | null = null;
	const replays = new Set<Promise<unknown>>();

	function forward(req: IncomingMessage, body: Buffer): Promise<Forwarded> {
		const headers = { ...req.headers, host: upstream.host };
		// The server checks Origin against its own: the proxy stands in for it.
		if (headers.origin) headers.origin = upstream.origin;
		return new Promise((done, fail) => {
			const out = request(
				{
					hostname: upstream.hostname,
					port: upstream.port,
					path: req.url,
					method: req.method,
					headers
				},
				(res) => {
					readBody(res).then(
						(b) => done({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
						fail
					);
				}
			);
			out.on('error', fail);
			out.end(body);
		});
	}

	function reply(res: ServerResponse, answer: Forwarded) {
		const headers = { ...answer.headers };
		delete headers['transfer-encoding'];
		headers['content-length'] = String(answer.body.length);
		res.writeHead(answer.status, headers);
		res.end(answer.body);
	}

	const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const body = await readBody(req);
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		if (!DISTURBED.test(path)) return reply(res, await forward(req, body));
		stats.requests++;
		if (rng.chance(rates.drop)) {
			stats.dropped++;
			res.socket?.destroy();
			return;
		}
		if (rng.chance(rates.delay)) {
			stats.delayed++;
			await wait(50 + rng.int(700));
		}
		if (!held && rng.chance(rates.reorder)) {
			// Held until another request has been forwarded, so that one overtakes it.
			await Promise.race([new Promise<void>((release) => (held = release)), wait(1500)]);
			held = null;
		} else if (held) {
			stats.reordered++;
			const release = held;
			held = null;
			const answer = forward(req, body);
			await answer.catch(() => undefined);
			release();
			return reply(res, await answer);
		}
		const answer = await forward(req, body);
		if (rng.chance(rates.duplicate)) {
			stats.duplicated++;
			// The same bytes again, later: a retransmission the device never knew about.
			const replay = wait(rng.int(1500)).then(() => forward(req, body).catch(() => undefined));
			replays.add(replay);
			void replay.finally(() => replays.delete(replay));
		}
		if (req.method !== 'GET' && req.method !== 'HEAD' && rng.chance(rates.cutAfterCommit)) {
			stats.cut++;
			res.socket?.destroy();
			return;
		}
		reply(res, answer);
	}

	// Cutting and dropping destroy sockets on purpose, and a device may give up on a request the
	// proxy still holds: every stream gets a listener, since an 'error' without one would be thrown
	// out of the test as an unhandled error.
	const ignore = () => undefined;
	const server = createServer((req, res) => {
		req.on('error', ignore);
		res.on('error', ignore);
		handle(req, res).catch(() => res.socket?.destroy());
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
	const { port } = server.address() as AddressInfo;

	return {
		origin: `http://127.0.0.1:${port}`,
		stats,
		setRates(next: FaultRates) {
			rates = next;
		},
		/** Waits for the late copies still on their way, so the server is quiet before a check. */
		async settle() {
			while (replays.size > 0) await Promise.all([...replays]);
		},
		close: () =>
			new Promise<void>((done) => {
				server.closeAllConnections();
				server.close(() => done());
			})
	};
}
