/**
 * Hostile values for the API: wrong types, huge strings and arrays, deep nesting, invalid
 * UTF-8, prototype-pollution keys, SQL and script payloads, path traversal. JSON is written by
 * hand (`toJson`) so keys such as `__proto__` reach the wire as own keys.
 */
import fc from 'fast-check';

export const SQL = [
	"'; DROP TABLE users;--",
	"' OR '1'='1",
	'1; DELETE FROM sessions',
	'" OR ""="',
	"admin'--",
	'1 UNION SELECT password_hash FROM users'
];
export const SCRIPT = [
	'<script>alert(1)</script><img src=x onerror=alert(2)>',
	'"><svg onload=alert(3)>',
	"javascript:alert('x')",
	'{{constructor.constructor("alert(4)")()}}',
	'${process.exit(1)}'
];
export const TRAVERSAL = [
	'../../etc/passwd',
	'..%2F..%2Fetc%2Fpasswd',
	'%2e%2e%2f%2e%2e%2fetc%2fpasswd',
	'..\\..\\windows\\win.ini',
	'....//....//etc/passwd',
	'/etc/passwd',
	'file:///etc/passwd',
	'photo.jpg\u0000.png',
	'%00',
	'.'
];
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const MB = 1024 * 1024;

/** A JSON document, as the text to send. */
export type Json = { text: string };
const raw = (text: string): Json => ({ text });

export function toJson(value: unknown): string {
	if (
		value !== null &&
		typeof value === 'object' &&
		'text' in value &&
		Object.keys(value).length === 1
	) {
		return (value as Json).text;
	}
	if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export const nested = (depth: number, open = '[', close = ']', leaf = '1') =>
	raw(open.repeat(depth) + leaf + close.repeat(depth));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...SQL, ...SCRIPT, ...TRAVERSAL, ...PROTO_KEYS) },
	{ weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
	{
		weight: 1,
		arbitrary: fc.string({
			unit: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\ufeff', 'a'),
			maxLength: 20
		})
	},
	{ weight: 1, arbitrary: fc.constantFrom('', ' ', 'a'.repeat(5_000), 'ệ'.repeat(70_000)) },
	{ weight: 1, arbitrary: fc.constant('x'.repeat(MB)) }
);

const weird = fc.oneof(
	fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, 1.5),
	fc.double(),
	fc.integer(),
	fc.constant(raw('1e400')),
	fc.constant(raw('-1e400'))
);

/** Any JSON value, hostile at every level, a few levels deep. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		weird,
		hostileString,
		fc.array(tie('value'), { maxLength: 4 }),
		fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS), hostileString), tie('value'), {
			maxKeys: 4
		}),
		fc.constantFrom(nested(10_000), nested(10_000, '{"a":', '}'), raw(`[${'0,'.repeat(200_000)}0]`))
	)
})).value;

/** A body changed from `template`: one field replaced, dropped, or a key added. */
export function mutatedBody(
	template: Record<string, unknown>
): fc.Arbitrary<Record<string, unknown>> {
	const keys = Object.keys(template);
	return fc.oneof(
		fc.record({ key: fc.constantFrom(...keys), value: hostileValue }).map(({ key, value }) => ({
			...template,
			[key]: value
		})),
		fc
			.constantFrom(...keys)
			.map((key) => Object.fromEntries(Object.entries(template).filter(([k]) => k !== key))),
		fc
			.record({ key: fc.oneof(fc.constantFrom(...PROTO_KEYS), hostileString), value: hostileValue })
			.map(({ key, value }) => {
				const out = { ...template };
				Object.defineProperty(out, key, {
					value,
					enumerable: true,
					configurable: true,
					writable: true
				});
				return out;
			})
	);
}

const INVALID_UTF8 = [
	Buffer.from([0xff, 0xfe, 0xfd]),
	Buffer.from([0xc0, 0xaf]),
	Buffer.from([0xed, 0xa0, 0x80]),
	Buffer.from([0xe0, 0x80]),
	Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])
];

/** Raw bodies that are not JSON, or not UTF-8, or JSON of the wrong shape at the top. */
export const hostileRawBody: fc.Arbitrary<Buffer> = fc.oneof(
	fc
		.constantFrom(...INVALID_UTF8)
		.map((bad) => Buffer.concat([Buffer.from('{"login":"'), bad, Buffer.from('"}')])),
	fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
	fc
		.constantFrom('', '{', 'null', '[]', '"x"', '{"a":1,}', 'NaN', '\ufeff{}', '{}'.repeat(1000))
		.map((s) => Buffer.from(s)),
	fc
		.constantFrom(nested(10_000), nested(100_000), nested(10_000, '{"a":', '}'))
		.map((j) => Buffer.from(j.text))
);

/** Path parameter values: traversal, encodings, SQL, script, huge and odd characters. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(...TRAVERSAL, ...SQL, ...SCRIPT, ...PROTO_KEYS),
	fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
	fc.constantFrom('a'.repeat(10_000), '0'.repeat(64), 'F'.repeat(64), crypto.randomUUID())
);

export const hostileContentType = fc.constantFrom(
	'application/json',
	'application/json; charset=utf-16',
	'APPLICATION/JSON',
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'image/jpeg',
	'application/pdf',
	''
);
