/**
 * The floor under a photo upload, run as a process of its own like the app's server:
 * `node raw-upload-server.js <dir> <port>`. A PUT's body is streamed to a new file in `dir`, then
 * 201; any other request is answered 404 at once, the floor under a request that carries nothing.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const [dir = '.', port = '0'] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });

createServer((request, response) => {
	if (request.method !== 'PUT') {
		response.writeHead(404).end();
		return;
	}
	void pipeline(request, createWriteStream(join(dir, `${randomUUID()}.jpg`))).then(
		() => response.writeHead(201).end(),
		() => response.writeHead(500).end()
	);
}).listen(Number(port), '127.0.0.1');
