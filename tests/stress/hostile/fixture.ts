/**
 * What the hostile cases aim at: sessions of every role and real ids (users, delegation, units,
 * an open inspection, two signed minutes, a conflict, a stored photo with its row), made the way
 * devices make them, so hostile input reaches past "not found" into the code behind.
 */
import { generateDeviceKey } from '../../../src/lib/minutes/seal/device-key';
import { sealContent } from '../../../src/lib/minutes/seal/seal';
import { minutesDocument } from '../../../src/lib/server/minutes/fixtures';
import { jpegLike, photoPatch } from '../../../src/lib/server/photo-fixtures';
import { call, headersOf, logIn, send, type Session } from './client';

export type Role = 'admin' | 'lead' | 'member' | 'member2' | 'viewer';

export type Fixture = {
	origin: string;
	sessions: Record<Role, Session>;
	users: Record<string, string>;
	delegationId: string;
	unitIds: string[];
	templateId: string;
	inspectionId: string;
	/** Signed minutes: the first has its PDF on the server, the second not yet. */
	minutes: { id: string; sha256: string; inspectionId: string }[];
	conflictId: string;
	photo: { sha256: string; bytes: Buffer };
};

const now = () => new Date().toISOString();

export const inspectionMutation = (id: string) => ({
	mutationId: crypto.randomUUID(),
	entity: 'inspection',
	entityId: id,
	inspectionId: id,
	op: 'upsert',
	patch: { status: 'draft', unitId: 'hbt-bach-dang' },
	at: now(),
	base: {}
});

export const answerMutation = (inspectionId: string, itemId: string, result: string) => ({
	mutationId: crypto.randomUUID(),
	entity: 'answer',
	entityId: `${inspectionId}:${itemId}`,
	inspectionId,
	op: 'upsert',
	patch: { inspectionId, itemId, result, answeredAt: now(), answeredBy: 'x', deviceId: 'd' },
	at: now(),
	base: { result: 0 }
});

export const pdfWith = (marker: string, extra = '') =>
	Buffer.from(
		`%PDF-1.3\n1 0 obj\n<< /Keywords (kiem-tra-seal:${marker}) >>\nendobj\n${extra}%%EOF\n`,
		'latin1'
	);

type Results = { results: { status: string }[] };

async function push(
	f: Pick<Fixture, 'origin'>,
	s: Session,
	mutations: object[]
): Promise<string[]> {
	const { results } = await call<Results>(f.origin, s, 'POST', '/api/sync/push', {
		deviceId: s.deviceId,
		mutations
	});
	return results.map((r) => r.status);
}

async function signedMinutes(
	origin: string,
	s: Session,
	key: Awaited<ReturnType<typeof generateDeviceKey>>
) {
	const inspectionId = crypto.randomUUID();
	const id = crypto.randomUUID();
	const doc = minutesDocument(inspectionId);
	const seal = await sealContent(doc, key);
	const minutes = {
		...inspectionMutation(inspectionId),
		entity: 'minutes',
		entityId: id,
		patch: {
			inspectionId,
			version: 1,
			supersedes: null,
			content: doc,
			seal,
			signedAt: seal.signedAt,
			deviceId: s.deviceId
		}
	};
	const statuses = await push({ origin }, s, [inspectionMutation(inspectionId), minutes]);
	if (statuses.join() !== 'applied,applied') throw new Error(`minutes setup: ${statuses}`);
	return { id, sha256: seal.sha256, inspectionId };
}

export async function makeFixture(origin: string): Promise<Fixture> {
	const key = await generateDeviceKey();
	const sessions: Record<Role, Session> = {
		admin: await logIn(origin, 'admin'),
		lead: await logIn(origin, 'truongdoan'),
		member: await logIn(origin, 'thanhvien1', { publicKeyJwk: key.publicKeyJwk }),
		member2: await logIn(origin, 'thanhvien2'),
		viewer: await logIn(origin, 'xem')
	};
	type Overview = {
		users: { id: string; login: string }[];
		delegations: { id: string }[];
		units: { id: string }[];
		templates: { id: string }[];
	};
	const o = await call<Overview>(origin, sessions.admin, 'GET', '/api/admin/overview');
	const f = { origin };
	const inspectionId = crypto.randomUUID();
	await push(f, sessions.member, [inspectionMutation(inspectionId)]);
	await push(f, sessions.member, [answerMutation(inspectionId, '1.1', 'pass')]);
	const second = await push(f, sessions.member2, [answerMutation(inspectionId, '1.1', 'fail')]);
	if (second[0] !== 'conflict') throw new Error(`conflict setup: ${second}`);
	type Pull = { changes: { entity: string; entityId: string }[] };
	const pulled = await call<Pull>(
		origin,
		sessions.lead,
		'GET',
		'/api/sync/pull?cursor=0&limit=1000'
	);
	const conflict = pulled.changes.find((c) => c.entity === 'conflict');
	if (!conflict) throw new Error('conflict setup: none pulled');

	const minutes = [
		await signedMinutes(origin, sessions.member, key),
		await signedMinutes(origin, sessions.member, key)
	];
	const [first] = minutes;
	const cookieHeaders = (type: string) =>
		headersOf({ cookie: sessions.member.cookie, origin, type });
	const pdf = await send(origin, {
		method: 'PUT',
		path: `/api/minutes/${first?.id}/pdf`,
		headers: cookieHeaders('application/pdf'),
		body: pdfWith(first?.sha256 ?? '')
	});
	if (pdf.status !== 201) throw new Error(`pdf setup: ${pdf.status}`);
	// The photo's row goes first, as a device sends it: only readers of its inspection get the bytes.
	const { bytes, sha256 } = jpegLike();
	const row = {
		...inspectionMutation(inspectionId),
		entity: 'photo',
		entityId: crypto.randomUUID(),
		patch: photoPatch(inspectionId, sha256, bytes.length)
	};
	if ((await push(f, sessions.member, [row])).join() !== 'applied') throw new Error('photo row');
	const photo = await send(origin, {
		method: 'PUT',
		path: `/api/photos/${sha256}`,
		headers: cookieHeaders('image/jpeg'),
		body: bytes
	});
	if (photo.status !== 201) throw new Error(`photo setup: ${photo.status}`);

	return {
		origin,
		sessions,
		users: Object.fromEntries(o.users.map((u) => [u.login, u.id])),
		delegationId: o.delegations[0]?.id ?? '',
		unitIds: o.units.map((u) => u.id),
		templateId: o.templates[0]?.id ?? '',
		inspectionId,
		minutes,
		conflictId: conflict.entityId,
		photo: { sha256, bytes }
	};
}
