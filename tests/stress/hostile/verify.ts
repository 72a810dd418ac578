/**
 * The public `/verify` form action (a page, not an API route): anyone may upload a PDF there to
 * have its seal checked. Hostile uploads are non-PDFs, PDFs with a garbage or a real seal
 * marker and altered bytes, empty files, a wrong field name, broken multipart envelopes and
 * other form encodings. None may be called valid, and each must get the page's own answer.
 */
import fc from 'fast-check';
import { pdfWith, type Fixture } from './fixture';
import { hostileRawBody, hostileString } from './payloads';
import { headersOf, type Sent } from './client';

const BOUNDARY = 'hostile-verify-boundary';

/** A multipart body with one file part. */
export function multipart(file: Buffer, field = 'pdf', type = 'application/pdf'): Buffer {
	return Buffer.concat([
		Buffer.from(
			`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="bien-ban.pdf"\r\n` +
				`Content-Type: ${type}\r\n\r\n`
		),
		file,
		Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
	]);
}

export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** What the page calls an upload it cannot vouch for (verify.ts `Verification`). */
export const REFUSALS = [
	'not-pdf',
	'no-file',
	'too-large',
	'no-seal',
	'unknown',
	'altered',
	'unverifiable',
	'damaged'
];

/** A form post as SvelteKit's enhanced form sends it (`json`), or as a plain browser form. */
export function verifyCase(f: Fixture): fc.Arbitrary<{ req: Sent; json: boolean }> {
	const markers = [...f.minutes.map((m) => m.sha256), 'f'.repeat(64), 'x', ''];
	const file = fc.oneof(
		// Never the stored bytes themselves: `extra` is never empty, so these are altered copies.
		fc
			.tuple(fc.constantFrom(...markers), hostileString)
			.map(([marker, extra]) => pdfWith(marker, `${extra}%`)),
		fc.constantFrom(
			Buffer.alloc(0),
			Buffer.from('%PDF-'),
			Buffer.from('<?php system($_GET["c"]); ?>'),
			f.photo.bytes
		),
		hostileRawBody
	);
	const body = fc.oneof(
		{ weight: 6, arbitrary: file.map((b) => ({ body: multipart(b), type: MULTIPART })) },
		{ weight: 1, arbitrary: file.map((b) => ({ body: multipart(b, 'other'), type: MULTIPART })) },
		{
			weight: 2,
			arbitrary: fc
				.tuple(hostileRawBody, fc.constantFrom(MULTIPART, 'multipart/form-data', 'text/plain'))
				.map(([b, type]) => ({ body: b, type }))
		},
		{
			weight: 1,
			arbitrary: hostileRawBody.map((b) => ({
				body: b,
				type: 'application/x-www-form-urlencoded'
			}))
		}
	);
	return fc.tuple(body, fc.boolean()).map(([{ body: b, type }, json]) => {
		const headers = headersOf({
			origin: f.origin,
			type,
			// A browser's form post asks for HTML; with no Accept SvelteKit answers JSON.
			accept: json ? 'application/json' : 'text/html'
		});
		if (json) headers['x-sveltekit-action'] = 'true';
		return { req: { method: 'POST', path: '/verify', headers, body: b }, json };
	});
}

/** The outcome the page gave, from the action's answer (devalue-encoded data), or null. */
export function outcomeOf(body: string): string | null {
	const answer = JSON.parse(body) as { type?: string; data?: string };
	if (answer.type !== 'success' || typeof answer.data !== 'string') return null;
	const data = JSON.parse(answer.data) as unknown[];
	return data.find((v): v is string => typeof v === 'string' && REFUSALS.includes(v)) ?? null;
}
