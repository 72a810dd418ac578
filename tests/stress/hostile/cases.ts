/**
 * One generator of hostile requests per API route and method. Each case says whether a 4xx
 * answer must be the API's JSON error body (`json`): true whenever the request reaches the
 * route's own code; false for paths that no longer name the route (raw traversal, broken
 * percent-encoding), for methods the route does not have, and for clients that do not accept JSON.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { Sent } from './client';
import { answerMutation, inspectionMutation, pdfWith, type Fixture, type Role } from './fixture';
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
type Part = { segment: string; routed: boolean };
type Spec = {
	who: Role[];
	path: (f: Fixture) => fc.Arbitrary<Part[]>;
	body?: (f: Fixture) => fc.Arbitrary<Buffer>;
	contentType?: fc.Arbitrary<string>;
	/** Uploads and push get more cases than the rest. */
	heavy?: boolean;
};

const SAFE = /[A-Za-z0-9\-._~]/;
/** Percent-encodes the UTF-8 bytes, so even lone surrogates reach the server as bytes. */
const encode = (s: string) =>
	[...Buffer.from(s)]
		.map((b) =>
			SAFE.test(String.fromCharCode(b))
				? String.fromCharCode(b)
				: `%${b.toString(16).padStart(2, '0')}`
		)
		.join('');

const fixed = (segment: string): fc.Arbitrary<Part> => fc.constant({ segment, routed: true });

/** A path parameter: a real id, a hostile one percent-encoded, or raw bytes that may leave the route. */
export function param(real: string[]): fc.Arbitrary<Part> {
	return fc.oneof(
		{
			weight: 3,
			arbitrary: fc.constantFrom(...real).map((segment) => ({ segment, routed: true }))
		},
		{
			weight: 5,
			arbitrary: hostileParam
				.filter((s) => s.length > 0)
				// URLs resolve `.` and `..` segments, however encoded: those leave the route.
				.map((s) => ({ segment: encode(s), routed: s !== '.' && s !== '..' }))
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
				.map((segment) => ({ segment, routed: false }))
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

const ENTITIES = [
	'inspection',
	'answer',
	'finding',
	'photo',
	'indicatorValues',
	'minutes'
] as const;

/** The id a mutation of this entity must carry to pass the id checks and reach the patch's. */
const entityIdFor = (entity: string, inspectionId: string) =>
	entity === 'answer'
		? `${inspectionId}:2.1`
		: entity === 'inspection' || entity === 'indicatorValues'
			? inspectionId
			: crypto.randomUUID();

const pushBody = (f: Fixture) => {
	const answer = answerMutation(f.inspectionId, '2.1', 'na');
	const patches: Record<(typeof ENTITIES)[number], Record<string, unknown>> = {
		inspection: { status: 'draft' },
		answer: answer.patch,
		finding: { description: 'x', legalBasis: '' },
		photo: { caption: 'y' },
		indicatorValues: { 'counts.received': 1 },
		minutes: { inspectionId: f.inspectionId, version: 1 }
	};
	const mutation = fc.oneof(
		{ weight: 1, arbitrary: mutatedBody(answer) },
		{
			weight: 4,
			arbitrary: fc
				.constantFrom(...ENTITIES)
				.chain((entity) => mutatedBody(patches[entity]).map((p) => [entity, p] as const))
				.map(([entity, p]) => ({
					...answer,
					mutationId: crypto.randomUUID(),
					entity,
					entityId: entityIdFor(entity, f.inspectionId),
					patch: p
				}))
		},
		{ weight: 1, arbitrary: fc.constant(inspectionMutation(crypto.randomUUID())) }
	);
	return fc
		.oneof(
			mutatedBody({ deviceId: f.sessions.member.deviceId, mutations: [answer] }),
			fc
				.array(mutation, { minLength: 1, maxLength: 3 })
				.map((mutations) => ({ deviceId: 'd', mutations })),
			hostileValue
		)
		.map((body) => Buffer.from(toJson(body)));
};

const jpeg = (f: Fixture) =>
	fc.oneof(
		fc.constant(f.photo.bytes),
		fc.constant(f.photo.bytes.subarray(0, 100)),
		fc.constant(Buffer.alloc(0)),
		fc
			.uint8Array({ maxLength: 3000 })
			.map((b) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(b)])),
		fc.constantFrom(
			pdfWith('x'),
			Buffer.from('<?php system($_GET["c"]); ?>'),
			Buffer.from('GIF89a<script>alert(1)</script>')
		)
	);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

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
					{ segment: 'sync', routed: true },
					{
						segment: `pull?cursor=${encode(cursor)}&limit=${encode(limit)}&${encode(other)}=1`,
						routed: true
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

/**
 * SvelteKit's own CSRF check answers a form-typed write from another origin before any route
 * runs, in plain text (svelte.config.js owns it; see the report of issue #6).
 */
const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)/i;

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
			// SvelteKit words a thrown error as JSON only for clients that accept it (fetch sends */*).
			accept: fc.oneof(
				{ weight: 9, arbitrary: fc.constant('*/*') },
				{ weight: 1, arbitrary: fc.constantFrom(undefined, 'text/html') }
			)
		})
		.map(({ parts, cookie: c, origin, contentType, body, method: m, hashed, accept }) => {
			const headers: Record<string, string> = {};
			if (accept) headers['accept'] = accept;
			if (c) headers['cookie'] = c;
			if (origin) headers['origin'] = origin;
			if (contentType) headers['content-type'] = contentType;
			let segments = parts.map((p) => p.segment);
			// Half the uploads are named by their own hash, so the bytes reach the JPEG and size checks.
			if (route === 'PUT /api/photos/[sha256]' && hashed && body) segments = ['photos', sha(body)];
			const sendsBody = m !== 'GET' && m !== 'HEAD';
			return {
				req: {
					method: m,
					path: `/api/${segments.join('/')}`,
					headers,
					body: sendsBody ? body : undefined
				},
				json:
					m === method &&
					accept === '*/*' &&
					parts.every((p) => p.routed) &&
					!(origin !== f.origin && FORM.test(contentType))
			};
		});
}

export const heavy = (route: string) => SPECS[route]?.heavy === true;
