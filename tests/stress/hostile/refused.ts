/**
 * Requests that must all be refused, for the "no partial write" check: every one is wrong by
 * construction (an unknown key in a strict body, an id that names nothing, a push batch with
 * one malformed mutation among good ones, bytes that do not match their hash, a PDF without
 * the minutes' seal), so the server must answer 4xx and keep every table and file as it was.
 */
import fc from 'fast-check';
import { encode, sha, type Sent } from './client';
import { answerMutation, inspectionMutation, pdfWith, type Fixture, type Role } from './fixture';
import { PushMutationSchema } from '../../../src/lib/sync/protocol';
import { hostileParam, hostileString, hostileValue, PROTO_KEYS, toJson } from './payloads';

type Refused = { role: Role | null; req: Omit<Sent, 'headers'> & { type?: string } };

/** Dots encoded too, so no id can become a `.` or `..` segment. */
const ID_SAFE = /[A-Za-z0-9\-_~]/;
/** A hostile id that cannot name a real row: prefixed, so never a uuid, hash or demo id. */
const bogus = hostileParam.map((s) => encode(`zz${s}`, ID_SAFE));

/** The template with one key no strict schema knows, holding any value. */
const withUnknownKey = (template: Record<string, unknown>) =>
	fc
		.record({ key: fc.oneof(fc.constantFrom(...PROTO_KEYS), hostileString), value: hostileValue })
		.filter(({ key }) => !(key in template) || PROTO_KEYS.includes(key))
		.map(({ key, value }) => {
			const body = { ...template };
			Object.defineProperty(body, key, {
				value,
				enumerable: true,
				configurable: true,
				writable: true
			});
			return toJson(body);
		});

/** A mutation the push schema refuses: one top-level field replaced by a wrong value. */
const malformed = (inspectionId: string) =>
	fc
		.record({
			field: fc.constantFrom(
				'mutationId',
				'entity',
				'entityId',
				'inspectionId',
				'op',
				'patch',
				'at',
				'base'
			),
			value: fc.oneof(hostileValue, fc.constantFrom(null, 42, [], '', 'x'.repeat(300)))
		})
		.map(({ field, value }) => ({ ...answerMutation(inspectionId, '3.1', 'pass'), [field]: value }))
		.filter((m) => !PushMutationSchema.safeParse(JSON.parse(toJson(m))).success);

export function refusedCase(f: Fixture): fc.Arbitrary<Refused> {
	const admin = (method: string, path: string, template: Record<string, unknown>) =>
		withUnknownKey(template).map((body): Refused => ({
			role: 'admin',
			req: { method, path, body }
		}));
	const [stored, unsent] = f.minutes;
	const jpeg = Buffer.concat([
		Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
		Buffer.from('not really a photo')
	]);
	return fc.oneof(
		admin('POST', '/api/admin/units', {
			kind: 'ubnd-phuong',
			name: 'P',
			address: '',
			parentId: null
		}),
		admin('PATCH', `/api/admin/users/${f.users['thuky']}`, { role: 'viewer' }),
		admin('POST', `/api/admin/delegations/${f.delegationId}/members`, {
			userId: f.users['thuky'],
			role: 'thu-ky'
		}),
		admin('POST', '/api/admin/delegations', {
			name: 'Đ',
			decisionNumber: '1',
			decisionDate: '2025-01-01',
			decisionIssuer: 'U'
		}),
		withUnknownKey({ login: 'xem', password: 'demo-xem-2025', deviceId: 'refused' }).map(
			(body): Refused => ({
				role: null,
				req: { method: 'POST', path: '/api/auth/login', body }
			})
		),
		bogus.map((id): Refused => ({
			role: 'admin',
			req: { method: 'DELETE', path: `/api/admin/units/${id}` }
		})),
		bogus.map((id): Refused => ({
			role: 'admin',
			req: { method: 'DELETE', path: `/api/admin/delegations/${f.delegationId}/members/${id}` }
		})),
		bogus.map((id): Refused => ({
			role: 'lead',
			req: { method: 'POST', path: `/api/conflicts/${id}/resolve` }
		})),
		fc.tuple(malformed(f.inspectionId), fc.nat(2)).map(([bad, at]): Refused => {
			const good = [
				inspectionMutation(crypto.randomUUID()),
				answerMutation(f.inspectionId, '4.1', 'fail')
			];
			good.splice(at, 0, bad as never);
			return {
				role: 'member',
				req: {
					method: 'POST',
					path: '/api/sync/push',
					body: toJson({ deviceId: 'refused', mutations: good })
				}
			};
		}),
		fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((extra): Refused => {
			const body = Buffer.concat([jpeg, Buffer.from(extra)]);
			return {
				role: 'member',
				req: { method: 'PUT', path: `/api/photos/${sha(jpeg)}`, type: 'image/jpeg', body }
			};
		}),
		fc
			.constantFrom(pdfWith('x'), Buffer.from('GIF89a'), Buffer.from([0xff, 0xd8]))
			.map((body): Refused => ({
				role: 'member',
				req: { method: 'PUT', path: `/api/photos/${sha(body)}`, type: 'image/jpeg', body }
			})),
		fc.constant<Refused>({
			role: 'member',
			req: { method: 'PUT', path: `/api/photos/${sha(jpeg)}`, type: 'text/plain', body: jpeg }
		}),
		fc.constant<Refused>({
			role: 'member',
			req: {
				method: 'PUT',
				path: `/api/photos/${sha(Buffer.alloc(0))}`,
				type: 'image/jpeg',
				body: Buffer.alloc(0)
			}
		}),
		fc.tuple(fc.constantFrom(unsent, stored), hostileString).map(([m, extra]): Refused => ({
			role: 'member',
			req: {
				method: 'PUT',
				path: `/api/minutes/${m?.id}/pdf`,
				type: 'application/pdf',
				body: pdfWith('0'.repeat(64), extra)
			}
		})),
		hostileString.map((extra): Refused => ({
			role: 'member',
			req: {
				method: 'PUT',
				path: `/api/minutes/${stored?.id}/pdf`,
				type: 'application/pdf',
				body: pdfWith(stored?.sha256 ?? '', `${extra}%`)
			}
		})),
		fc.constantFrom(Buffer.alloc(0), jpeg, Buffer.from('%PDF')).map((body): Refused => ({
			role: 'member',
			req: { method: 'PUT', path: `/api/minutes/${unsent?.id}/pdf`, type: 'application/pdf', body }
		}))
	);
}
