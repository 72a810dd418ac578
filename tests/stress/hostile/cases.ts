/**
 * One generator of hostile requests per API route and method. Each case says whether a 4xx
 * answer must be the API's JSON error body (`json`): true whenever the path stays under /api,
 * whatever the method, Accept or Origin; false only for raw traversal that leaves /api.
 */
import fc from 'fast-check';
import { encode, headersOf, reachesApi, sha, type Sent } from './client';
import { jpeg, pushBody } from './bodies';
import { pdfWith, type Fixture, type Role } from './fixture';
import {
	hostileContentType,
	hostileParam,
	hostileRawBody,
	hostileString,
	hostileValue,
	mutatedBody,
	toJson
} from './payloads';

export type Case = { req: Sent; json: boolean };
type Who = Role | 'anon' | 'forged';
type Part = { segment: string };
type Spec = {
	who: Role[];
	path: (f: Fixture) => fc.Arbitrary<Part[]>;
	body?: (f: Fixture) => fc.Arbitrary<Buffer>;
	contentType?: fc.Arbitrary<string>;
	/** Uploads and push get more cases than the rest. */
	heavy?: boolean;
};

const fixed = (segment: string): fc.Arbitrary<Part> => fc.constant({ segment });

/** A path parameter: a real id, a hostile one percent-encoded, or raw bytes that may leave /api. */
export function param(real: string[]): fc.Arbitrary<Part> {
	return fc.oneof(
		{
			weight: 3,
			arbitrary: fc.constantFrom(...real).map((segment) => ({ segment }))
		},
		{
			weight: 5,
			arbitrary: hostileParam.filter((s) => s.length > 0).map((s) => ({ segment: encode(s) }))
		},
		{
			weight: 1,
			arbitrary: fc
				.constantFrom(
					'../../etc/passwd',
					'..%2f..%2fetc%2fpasswd',
					'%E0%A4%A',
					'%',
					'%zz',
					'%00',
					'..',
					'%2e%2e',
					'%c0%ae%c0%ae'
				)
				.map((segment) => ({ segment }))
		}
	);
}

const json = (template: (f: Fixture) => Record<string, unknown>) => (f: Fixture) =>
	fc
		.oneof(
			{ weight: 6, arbitrary: mutatedBody(template(f)).map(toJson) },
			{ weight: 2, arbitrary: hostileValue.map(toJson) },
			{ weight: 2, arbitrary: hostileRawBody.map((b) => b.toString('latin1')) }
		)
		.map((text) => Buffer.from(text, text.startsWith('{"login":"') ? 'latin1' : 'utf8'));

const path =
	(...parts: ((f: Fixture) => fc.Arbitrary<Part>)[]) =>
	(f: Fixture) =>
		fc.tuple(...parts.map((p) => p(f)));
const at = (s: string) => () => fixed(s);
const day = '2025-07-15';

const delegation = {
	name: 'Đoàn <b>x</b>',
	decisionNumber: '1/QĐ',
	decisionDate: day,
	decisionIssuer: 'UBND'
};
const unit = { kind: 'ubnd-phuong', name: "P'; DROP TABLE units;--", address: '', parentId: null };

export const SPECS: Record<string, Spec> = {
	'POST /api/admin/delegations': {
		who: ['admin', 'lead'],
		path: path(at('admin'), at('delegations')),
		body: json(() => delegation)
	},
	'PATCH /api/admin/delegations/[id]': {
		who: ['admin'],
		path: path(at('admin'), at('delegations'), (f) => param([f.delegationId])),
		body: json(() => delegation)
	},
	'POST /api/admin/delegations/[id]/members': {
		who: ['admin'],
		path: path(at('admin'), at('delegations'), (f) => param([f.delegationId]), at('members')),
		body: json((f) => ({ userId: f.users['thuky'] ?? '', role: 'thanh-vien' }))
	},
	'PATCH /api/admin/delegations/[id]/members/[userId]': {
		who: ['admin'],
		path: path(
			at('admin'),
			at('delegations'),
			(f) => param([f.delegationId]),
			at('members'),
			(f) => param([f.users['thuky'] ?? ''])
		),
		body: json(() => ({ role: 'thu-ky' }))
	},
	'DELETE /api/admin/delegations/[id]/members/[userId]': {
		who: ['admin', 'viewer'],
		path: path(
			at('admin'),
			at('delegations'),
			(f) => param([f.delegationId]),
			at('members'),
			(f) => param([f.users['admin'] ?? ''])
		)
	},
	'POST /api/admin/inspections': {
		who: ['admin'],
		path: path(at('admin'), at('inspections')),
		body: json((f) => ({
			delegationId: f.delegationId,
			unitId: 'hbt-bach-dang',
			templateId: f.templateId,
			templateVersion: 1,
			periodFrom: '2025-01-01',
			periodTo: '2025-06-30',
			visitDate: day
		}))
	},
	'GET /api/admin/overview': { who: ['admin', 'member'], path: path(at('admin'), at('overview')) },
	'POST /api/admin/units': {
		who: ['admin'],
		path: path(at('admin'), at('units')),
		body: json(() => unit)
	},
	'PATCH /api/admin/units/[id]': {
		who: ['admin'],
		path: path(at('admin'), at('units'), (f) => param(f.unitIds)),
		body: json(() => unit)
	},
	'DELETE /api/admin/units/[id]': {
		who: ['admin'],
		path: path(at('admin'), at('units'), (f) => param(f.unitIds.slice(0, 3)))
	},
	'POST /api/admin/users': {
		who: ['admin'],
		path: path(at('admin'), at('users')),
		body: json(() => ({
			login: `u${crypto.randomUUID()}`,
			displayName: '<i>x</i>',
			password: 'mat-khau-dai-1',
			role: 'member'
		}))
	},
	'PATCH /api/admin/users/[id]': {
		who: ['admin'],
		path: path(at('admin'), at('users'), (f) =>
			param([f.users['thuky'] ?? '', f.users['admin'] ?? ''])
		),
		body: json(() => ({ displayName: 'Phạm Thị Dung', role: 'member' }))
	},
	'POST /api/auth/login': {
		who: [],
		path: path(at('auth'), at('login')),
		body: json(() => ({ login: 'thuky', password: 'sai-mat-khau', deviceId: 'hostile-device' }))
	},
	'POST /api/auth/logout': { who: [], path: path(at('auth'), at('logout')) },
	'GET /api/auth/me': { who: ['member', 'viewer'], path: path(at('auth'), at('me')) },
	'POST /api/conflicts/[id]/resolve': {
		who: ['member', 'viewer', 'lead'],
		path: path(at('conflicts'), (f) => param([f.conflictId]), at('resolve'))
	},
	'POST /api/devices/key': {
		who: ['member2'],
		path: path(at('devices'), at('key')),
		body: json(() => ({
			publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) }
		}))
	},
	'GET /api/health': { who: ['viewer'], path: path(at('health')) },
	'HEAD /api/minutes/[id]/pdf': { who: ['member', 'viewer'], path: (f) => minutesPath(f) },
	'GET /api/minutes/[id]/pdf': { who: ['member', 'viewer'], path: (f) => minutesPath(f) },
	'PUT /api/minutes/[id]/pdf': {
		who: ['member', 'viewer', 'member2'],
		heavy: true,
		path: (f) => minutesPath(f),
		contentType: fc.oneof(fc.constant('application/pdf'), hostileContentType),
		body: (f) =>
			fc.oneof(
				fc
					.constantFrom(...f.minutes.map((m) => m.sha256), 'f'.repeat(64), '')
					.chain((marker) => hostileString.map((extra) => pdfWith(marker, extra))),
				jpeg(f),
				fc.constant(Buffer.from('%PDF-'))
			)
	},
	'HEAD /api/photos/[sha256]': { who: ['member'], path: (f) => photoPath(f) },
	'GET /api/photos/[sha256]': { who: ['member', 'viewer'], path: (f) => photoPath(f) },
	'PUT /api/photos/[sha256]': {
		who: ['member', 'viewer'],
		heavy: true,
		path: (f) => photoPath(f),
		contentType: fc.oneof(fc.constant('image/jpeg'), hostileContentType),
		body: jpeg
	},
	'GET /api/sync/pull': {
		who: ['member', 'viewer', 'lead'],
		path: () =>
			fc
				.tuple(
					fc.oneof(
						hostileParam,
						fc.constantFrom('-1', '1e400', '9007199254740993', '0x10', ' 5', '')
					),
					fc.oneof(hostileParam, fc.constantFrom('0', '1001', '1.5', 'Infinity')),
					hostileParam
				)
				.map(([cursor, limit, other]) => [
					{ segment: 'sync' },
					{
						segment: `pull?cursor=${encode(cursor)}&limit=${encode(limit)}&${encode(other)}=1`
					}
				])
	},
	'POST /api/sync/push': {
		who: ['member', 'viewer', 'member2'],
		heavy: true,
		path: path(at('sync'), at('push')),
		body: pushBody
	}
};

function minutesPath(f: Fixture) {
	return path(at('minutes'), () => param(f.minutes.map((m) => m.id)), at('pdf'))(f);
}

function photoPath(f: Fixture) {
	const real = [
		f.photo.sha256,
		sha(Buffer.alloc(0)),
		sha(f.photo.bytes.subarray(0, 100)),
		f.photo.sha256.toUpperCase()
	];
	return path(at('photos'), () => param(real))(f);
}

/** Header values carry bytes, never characters Node refuses to send. */
const headerSafe = (s: string) =>
	[...Buffer.from(s).toString('latin1')]
		.filter((c) => c === '\t' || (c >= ' ' && c !== '\u007f'))
		.join('');

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function caseFor(route: string, f: Fixture): fc.Arbitrary<Case> {
	const spec = SPECS[route];
	if (!spec) throw new Error(`no hostile spec for ${route}`);
	const [method = 'GET'] = route.split(' ');
	const who: fc.Arbitrary<Who> = fc.oneof(
		{
			weight: 8,
			arbitrary: spec.who.length ? fc.constantFrom(...spec.who) : fc.constant('anon' as const)
		},
		// Never a real session where the route is logout: it would end the session for every later case.
		{
			weight: 1,
			arbitrary: fc.constantFrom<Who>(
				'anon',
				'forged',
				...(spec.who.length ? (['viewer'] as const) : [])
			)
		}
	);
	const cookie = (w: Who) =>
		w === 'anon'
			? fc.constant(undefined)
			: w === 'forged'
				? hostileString.map((s) => `kt_session=${headerSafe(s.slice(0, 4000))}`)
				: fc.constant(f.sessions[w].cookie);
	return fc
		.record({
			parts: spec.path(f),
			cookie: who.chain(cookie),
			origin: fc.oneof(
				{ weight: 9, arbitrary: fc.constant(f.origin) },
				{
					weight: 1,
					arbitrary: fc.constantFrom(
						undefined,
						'null',
						'http://evil.example',
						f.origin + '.evil.example'
					)
				}
			),
			contentType: fc.oneof(
				{ weight: 8, arbitrary: spec.contentType ?? fc.constant('application/json') },
				{ weight: 2, arbitrary: hostileContentType }
			),
			body: spec.body ? spec.body(f) : fc.option(hostileRawBody, { nil: undefined }),
			method: fc.oneof(
				{ weight: 19, arbitrary: fc.constant(method) },
				{ weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }
			),
			hashed: fc.boolean(),
			// Scripts and curl often send no Accept, a browser's navigation text/html: the answer is
			// the API's JSON all the same.
			accept: fc.oneof(
				{ weight: 6, arbitrary: fc.constant('*/*') },
				{ weight: 4, arbitrary: fc.constantFrom(undefined, 'text/html', 'text/plain') }
			)
		})
		.map(({ parts, cookie: c, origin, contentType, body, method: m, hashed, accept }) => {
			const headers = headersOf({ cookie: c, origin, type: contentType || undefined, accept });
			let segments = parts.map((p) => p.segment);
			// Half the uploads are named by their own hash, so the bytes reach the JPEG and size checks.
			if (route === 'PUT /api/photos/[sha256]' && hashed && body) segments = ['photos', sha(body)];
			const sendsBody = m !== 'GET' && m !== 'HEAD';
			const path = `/api/${segments.join('/')}`;
			return {
				req: { method: m, path, headers, body: sendsBody ? body : undefined },
				json: reachesApi(f.origin, path)
			};
		});
}

export const heavy = (route: string) => SPECS[route]?.heavy === true;
