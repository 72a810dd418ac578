import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMutation, DELETED_FIELD, fieldsOfPatch, sameValue, type RowState } from './merge';
import { ModelDevice, ModelServer, type Edit, type Logged } from './merge-model';
import type { PushMutation } from './protocol';

const DEVICES = 3;

/** Few rows, fields and values, so that devices collide often. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
	fc.record({
		entity: fc.constant('answer' as const),
		entityId: fc.constant('i:1'),
		op: fc.constant('upsert' as const),
		field: fc.constantFrom('result', 'note'),
		value: fc.constantFrom('pass', 'fail', 'x')
	}),
	fc.record({
		entity: fc.constant('finding' as const),
		entityId: fc.constantFrom('f1', 'f2'),
		op: fc.constantFrom('upsert' as const, 'upsert' as const, 'delete' as const),
		field: fc.constantFrom('severity', 'text'),
		value: fc.constantFrom('low', 'high', 'x')
	})
);

const device = fc.nat(DEVICES - 1);

/**
 * What happens next somewhere: an edit; a push whose request or answer may be lost; a batch
 * delivered again later (a retry racing the first, its answer going nowhere); a page of a pull.
 */
const step = fc.oneof(
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), device, edit }) },
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('push' as const),
			device,
			fate: fc.constantFrom('answered', 'answered', 'answer lost', 'answer lost', 'request lost')
		})
	},
	fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }),
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('pull' as const),
			device,
			limit: fc.integer({ min: 1, max: 3 })
		})
	}
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

type Seen = Map<string, Record<string, number>>;

/** What a device shows of every row and field an edit of its own still waits to push. */
function waiting(d: ModelDevice): string {
	return JSON.stringify(
		d.queue.map(({ mutation: m }) => {
			const row = d.rows.get(`${m.entity}:${m.entityId}`);
			const fields = fieldsOfPatch(m.patch).data;
			return [row?.deleted, ...fields.map((f) => row?.fields[f]?.value)];
		})
	);
}

function run(steps: Step[], replays: boolean) {
	const server = new ModelServer();
	const devices = Array.from({ length: DEVICES }, (_, i) => new ModelDevice(`dev-${i}`));
	const delivered: { deviceId: string; batch: PushMutation[] }[] = [];
	const seen: Seen = new Map();
	const replayEffects: string[] = [];
	const pendingLost: string[] = [];
	const push = (d: ModelDevice) => {
		const batch = d.batch();
		for (const m of batch) seen.set(m.mutationId, d.seenFor(m.mutationId) ?? {});
		delivered.push({ deviceId: d.id, batch });
		return server.push(d.id, batch);
	};
	for (const s of steps) {
		if (s.kind === 'replay') {
			const again = delivered[s.pick % Math.max(1, delivered.length)];
			if (!replays || !again) continue;
			const before = server.state();
			server.push(again.deviceId, again.batch);
			if (server.state() !== before) replayEffects.push(before);
			continue;
		}
		const d = devices[s.device] as ModelDevice;
		if (s.kind === 'edit') d.write(s.edit);
		if (s.kind === 'pull') {
			// Pending local fields win: a pull never changes what the person is still sending.
			const mine = waiting(d);
			d.pull(server, s.limit);
			if (waiting(d) !== mine) pendingLost.push(`${d.id}: ${mine}`);
		}
		if (s.kind === 'push' && d.queue.length > 0) {
			if (s.fate === 'request lost') d.batch();
			else if (s.fate === 'answer lost') push(d);
			else d.acknowledge(push(d));
		}
	}
	// Back online for good: every device sends what is left, then everyone pulls everything.
	for (const d of devices) d.acknowledge(push(d));
	for (const d of devices) while (d.pull(server, 2));
	return { server, devices, seen, replayEffects, pendingLost };
}

/** The conflicts a logged write must have recorded under the rules of docs/SYNC.md. */
function expectedConflicts({ mutation: m, deviceId, before }: Logged): string[] {
	if (m.op === 'delete') return [];
	const fields = fieldsOfPatch(m.patch).data.filter((f) => {
		const old = before?.fields[f];
		return (
			old !== undefined &&
			old.deviceId !== deviceId &&
			!sameValue(old.value, m.patch[f]) &&
			(m.base[f] ?? 0) < old.version
		);
	});
	return before?.deleted && !sawDelete(m.base, before) ? [...fields, DELETED_FIELD] : fields;
}

function sawDelete(versions: Record<string, number>, row: RowState): boolean {
	return Object.values(versions).some((v) => v >= (row.deletedVersion ?? 0));
}

/**
 * Every way a logged write could lose a value silently: a conflict missing (or extra) for the
 * base it was sent with, or a base claiming the person saw a value or a delete they had not seen
 * when they edited (the device's own earlier values aside: they were on its screen).
 */
function silentLosses(log: Logged[], seen: Seen): string[] {
	const found: string[] = [];
	for (const entry of log) {
		const { mutation: m, deviceId, before, version } = entry;
		const fields = entry.conflicts.map((c) => c.field);
		if (!sameValue(fields, expectedConflicts(entry))) found.push(`${version}: conflicts ${fields}`);
		for (const c of entry.conflicts) {
			const overwritten = c.field === DELETED_FIELD ? c.overwritten : before?.fields[c.field];
			if (c.applied.version !== version || !sameValue(c.overwritten, overwritten)) {
				found.push(`${version}: conflict on ${c.field} does not keep both values`);
			}
		}
		const knew = seen.get(m.mutationId) ?? {};
		for (const f of fieldsOfPatch(m.patch).data) {
			const old = before?.fields[f];
			if (!old || old.deviceId === deviceId || (m.base[f] ?? 0) < old.version) continue;
			const own = log.some(
				(l) =>
					l.deviceId === deviceId &&
					l.version < version &&
					sameValue(l.mutation.patch[f], old.value)
			);
			if (!own && (knew[f] ?? 0) < old.version) found.push(`${version}: base of ${f} overstated`);
		}
		if (before?.deleted && sawDelete(m.base, before) && !sawDelete(knew, before)) {
			found.push(`${version}: base claims the delete was seen`);
		}
	}
	return found;
}

const steps = fc.array(step, { minLength: 10, maxLength: 40, size: 'max' });

// A run takes a few milliseconds; the margin is for a busy test machine.
describe('sync merge, three devices and a server in any interleaving', { timeout: 30_000 }, () => {
	it('converges, and a pull never replaces a value still waiting to be pushed', () => {
		fc.assert(
			fc.property(steps, (s) => {
				const { server, devices, pendingLost } = run(s, true);
				expect(pendingLost).toEqual([]);
				for (const d of devices) {
					expect(d.queue).toEqual([]);
					expect(d.values()).toEqual(server.values());
				}
			}),
			{ numRuns: 250 }
		);
	});

	it('applies every queued mutation exactly once; a replayed one changes nothing', () => {
		fc.assert(
			fc.property(steps, (s) => {
				const { server, seen, replayEffects } = run(s, true);
				expect(replayEffects).toEqual([]);
				const applied = server.log.map((l) => l.mutation.mutationId);
				expect(applied.length).toBe(new Set(applied).size);
				expect(new Set(applied)).toEqual(new Set(seen.keys()));
				// Even past the dedupe, the merge alone makes a second delivery a no-op.
				const again = server.log.map(({ mutation, deviceId, after }) =>
					applyMutation(after, mutation, { version: server.version + 1, by: 'x', deviceId })
				);
				expect(again.filter((a) => a.changed || a.conflicts.length > 0)).toEqual([]);
			}),
			{ numRuns: 200 }
		);
	});

	it('loses no value silently: whatever was overwritten unseen is a recorded conflict', () => {
		fc.assert(
			fc.property(steps, (s) => {
				const { server, seen } = run(s, true);
				expect(silentLosses(server.log, seen)).toEqual([]);
			}),
			{ numRuns: 200 }
		);
	});

	it('ends in the same state whether or not batches were delivered again', () => {
		fc.assert(
			fc.property(steps, (s) => {
				const once = run(s, false);
				const replayed = run(s, true);
				expect(replayed.server.state()).toBe(once.server.state());
				expect(replayed.devices.map((d) => d.values())).toEqual(
					once.devices.map((d) => d.values())
				);
			}),
			{ numRuns: 200 }
		);
	});
});
