import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceKey } from '$lib/minutes/seal/device-key';
import { jwkThumbprint } from '$lib/minutes/seal/device-key';
import { contentSha256 } from '$lib/minutes/seal/hash';
import { MinutesRecordSchema } from '$lib/sync/minutes-wire';
import type { MutationResult, PushMutation } from '$lib/sync/protocol';
import { seededDatabase, userOf } from '../admin/fixtures';
import type { AuthUser } from '../auth/session';
import { pull } from '../sync/pull';
import { push } from '../sync/push';
import type { TempDatabase } from '../test-db';
import { generateDeviceKey, minutesDocument, minutesMutation, sealedPatch, uuid } from './fixtures';
import { keysOf, registerDeviceKey } from './keys';

const INSPECTION = '6f1c3b2a-8d4e-4f5a-9b6c-7d8e9f0a1b2c';
let temp: TempDatabase;
let member: AuthUser;
let key: DeviceKey;

const outcome = (r: MutationResult | undefined) =>
	r?.status === 'rejected' ? `${r.status}:${r.reason}` : r?.status;

function mutation(partial: Partial<PushMutation>): PushMutation {
	return {
		mutationId: uuid(),
		entity: 'inspection',
		entityId: INSPECTION,
		inspectionId: INSPECTION,
		op: 'upsert',
		patch: {},
		at: '2025-11-20T04:00:00.000Z',
		base: {},
		...partial
	};
}

const answer = (result: string) =>
	mutation({ entity: 'answer', entityId: `${INSPECTION}:A1`, patch: { result } });

async function send(who: AuthUser, ...mutations: PushMutation[]) {
	return push(temp.db, who, { deviceId: 'dev-a', mutations });
}

beforeEach(async () => {
	temp = await seededDatabase();
	member = await userOf(temp, 'thanhvien1');
	key = await generateDeviceKey();
	await registerDeviceKey(temp.db, {
		userId: member.id,
		deviceId: 'dev-a',
		publicKeyJwk: key.publicKeyJwk
	});
	await send(member, mutation({ patch: { status: 'draft', unitId: 'hbt-bach-dang' } }));
});
afterEach(() => temp.remove());

describe('device keys', () => {
	it('registers a key once per person, keeps earlier keys and resolves only the person’s own', async () => {
		const again = await registerDeviceKey(temp.db, {
			userId: member.id,
			deviceId: 'dev-a',
			publicKeyJwk: key.publicKeyJwk
		});
		expect(again).toEqual({ keyId: await jwkThumbprint(key.publicKeyJwk), created: false });
		const next = await generateDeviceKey();
		await registerDeviceKey(temp.db, {
			userId: member.id,
			deviceId: 'dev-a',
			publicKeyJwk: next.publicKeyJwk
		});
		expect(await keysOf(temp.db, member.id)(key.keyId)).toEqual(key.publicKeyJwk);
		expect(await keysOf(temp.db, member.id)(next.keyId)).toEqual(next.publicKeyJwk);
		const other = await userOf(temp, 'thanhvien2');
		expect(await keysOf(temp.db, other.id)(key.keyId)).toBeNull();
		// A shared tablet: the same key, registered for the next person who signs in on it.
		const shared = await registerDeviceKey(temp.db, {
			userId: other.id,
			deviceId: 'dev-a',
			publicKeyJwk: key.publicKeyJwk
		});
		expect(shared.created).toBe(true);
	});
});

describe('signed minutes through push', () => {
	it('accepts sealed minutes once: a replay is a duplicate, other content under the same id is refused', async () => {
		const id = uuid();
		const patch = await sealedPatch(minutesDocument(INSPECTION), key);
		const first = minutesMutation(id, patch);
		const [accepted] = await send(member, first);
		expect(accepted).toMatchObject({ status: 'applied' });
		const [replayed] = await send(member, first);
		expect(replayed).toMatchObject({ status: 'duplicate' });
		const [resent] = await send(member, minutesMutation(id, patch));
		expect(resent).toEqual({ ...accepted, mutationId: resent?.mutationId, status: 'duplicate' });

		const changed = await sealedPatch(
			minutesDocument(INSPECTION, (d) => (d.title = 'Biên bản kiểm tra (sửa)')),
			key
		);
		expect(outcome((await send(member, minutesMutation(id, changed)))[0])).toBe('rejected:signed');

		const row = await temp.db.selectFrom('minutes').selectAll().executeTakeFirstOrThrow();
		expect(row.sha256).toBe(await contentSha256(patch.content));
		expect(row.content).toContain('"title":"Biên bản kiểm tra"');
		expect(row.received_at).toMatch(/^\d{4}-\d\d-\d\dT/);
		const index = await temp.db
			.selectFrom('inspections_index')
			.selectAll()
			.executeTakeFirstOrThrow();
		expect(index.signed_at).toBe(patch.signedAt);
	});

	it('refuses a broken seal, an unknown key and a colleague’s device key', async () => {
		const doc = minutesDocument(INSPECTION);
		const patch = await sealedPatch(doc, key);
		const tampered = { ...patch, content: { ...doc, title: 'Biên bản khác' } };
		const [altered] = await send(member, minutesMutation(uuid(), tampered));
		expect(altered).toMatchObject({ status: 'rejected', reason: 'invalid' });
		expect(altered?.status === 'rejected' && altered.message).toContain('không khớp');

		const stray = await generateDeviceKey();
		const [unknown] = await send(member, minutesMutation(uuid(), await sealedPatch(doc, stray)));
		expect(unknown).toMatchObject({ status: 'rejected', reason: 'invalid' });
		expect(unknown?.status === 'rejected' && unknown.message).toContain('chưa được đăng ký');

		const colleague = await userOf(temp, 'thanhvien2');
		await registerDeviceKey(temp.db, {
			userId: colleague.id,
			deviceId: 'dev-b',
			publicKeyJwk: stray.publicKeyJwk
		});
		const [theirs] = await send(member, minutesMutation(uuid(), await sealedPatch(doc, stray)));
		expect(outcome(theirs)).toBe('rejected:invalid');

		const untrimmed = minutesDocument(INSPECTION, (d) => (d.title = 'Biên bản kiểm tra '));
		const [raw] = await send(member, minutesMutation(uuid(), await sealedPatch(untrimmed, key)));
		expect(outcome(raw)).toBe('rejected:invalid');
		const other = minutesDocument('0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4');
		const [elsewhere] = await send(
			member,
			minutesMutation(uuid(), { ...(await sealedPatch(other, key)), inspectionId: INSPECTION })
		);
		expect(outcome(elsewhere)).toBe('rejected:invalid');
		expect(await temp.db.selectFrom('minutes').selectAll().execute()).toEqual([]);
	});

	it('lets only writers of the inspection sign it', async () => {
		const viewer = await userOf(temp, 'xem');
		await registerDeviceKey(temp.db, {
			userId: viewer.id,
			deviceId: 'dev-v',
			publicKeyJwk: key.publicKeyJwk
		});
		const patch = await sealedPatch(minutesDocument(INSPECTION), key);
		expect(outcome((await send(viewer, minutesMutation(uuid(), patch)))[0])).toBe(
			'rejected:forbidden'
		);
		const missing = minutesDocument('0b9d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4');
		const [notFound] = await send(member, minutesMutation(uuid(), await sealedPatch(missing, key)));
		expect(outcome(notFound)).toBe('rejected:not-found');
	});

	it('closes the inspection: edits after the minutes are refused, even later in the same batch', async () => {
		const patch = await sealedPatch(minutesDocument(INSPECTION), key);
		const results = await send(
			member,
			answer('pass'),
			minutesMutation(uuid(), patch),
			answer('fail')
		);
		expect(results.map(outcome)).toEqual(['applied', 'applied', 'rejected:signed']);
		expect(outcome((await send(member, answer('na')))[0])).toBe('rejected:signed');
		const del = { ...minutesMutation(uuid(), patch), op: 'delete' as const };
		expect(outcome((await send(member, del))[0])).toBe('rejected:signed');
	});

	it('takes a correction that supersedes the latest minutes, and nothing else', async () => {
		const firstId = uuid();
		await send(
			member,
			minutesMutation(firstId, await sealedPatch(minutesDocument(INSPECTION), key))
		);
		const corrected = minutesDocument(INSPECTION, (d) => (d.header.number = '06'));

		const [second] = await send(member, minutesMutation(uuid(), await sealedPatch(corrected, key)));
		expect(outcome(second)).toBe('rejected:signed');
		const [skipped] = await send(
			member,
			minutesMutation(
				uuid(),
				await sealedPatch(corrected, key, { version: 3, supersedes: firstId })
			)
		);
		expect(outcome(skipped)).toBe('rejected:invalid');

		const correctionId = uuid();
		const patch = await sealedPatch(corrected, key, { version: 2, supersedes: firstId });
		expect(outcome((await send(member, minutesMutation(correctionId, patch)))[0])).toBe('applied');
		const stale = await sealedPatch(
			minutesDocument(INSPECTION, (d) => (d.header.number = '07')),
			key,
			{ version: 2, supersedes: firstId }
		);
		expect(outcome((await send(member, minutesMutation(uuid(), stale)))[0])).toBe(
			'rejected:signed'
		);
		const rows = await temp.db
			.selectFrom('minutes')
			.select(['id', 'version', 'supersedes'])
			.orderBy('version')
			.execute();
		expect(rows).toEqual([
			{ id: firstId, version: 1, supersedes: null },
			{ id: correctionId, version: 2, supersedes: firstId }
		]);
	});

	it('reaches the other members’ devices through pull, with the server’s time of receipt', async () => {
		const id = uuid();
		const patch = await sealedPatch(minutesDocument(INSPECTION), key);
		await send(member, minutesMutation(id, patch));
		const page = await pull(temp.db, await userOf(temp, 'thanhvien2'), 0, 1000);
		const change = page.changes.find((c) => c.entity === 'minutes');
		expect(change).toMatchObject({ entityId: id, inspectionId: INSPECTION, deleted: false });
		const values = Object.fromEntries(
			Object.entries(change?.fields ?? {}).map(([name, f]) => [name, f.value])
		);
		const record = MinutesRecordSchema.parse(values);
		expect(record.seal).toEqual(patch.seal);
		expect(await contentSha256(record.content)).toBe(patch.seal.sha256);
		expect(Date.parse(record.receivedAt)).not.toBeNaN();
	});
});
