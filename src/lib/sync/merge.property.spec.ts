import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelDevice, ModelServer, type Edit } from './merge-model';

const ROWS = ['A1', 'A2', 'B1'];
const FIELDS = ['result', 'note'];
const VALUES = ['pass', 'fail', 'na', 'x'];

const edit = fc.record({
	row: fc.constantFrom(...ROWS),
	field: fc.constantFrom(...FIELDS),
	value: fc.constantFrom(...VALUES)
});

/** What happens next somewhere: an edit on a device, a push (its answer maybe lost), a pull. */
const step = fc.oneof(
	fc.record({ kind: fc.constant('edit' as const), device: fc.nat(2), edit }),
	fc.record({
		kind: fc.constant('push' as const),
		device: fc.nat(2),
		lost: fc.boolean(),
		replays: fc.nat(2)
	}),
	fc.record({ kind: fc.constant('pull' as const), device: fc.nat(2) })
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function run(steps: Step[], duplicate: boolean) {
	const server = new ModelServer();
	const devices = [new ModelDevice('dev-a'), new ModelDevice('dev-b'), new ModelDevice('dev-c')];
	for (const s of steps) {
		const device = devices[s.device] as ModelDevice;
		if (s.kind === 'edit') device.edit(s.edit as Edit);
		if (s.kind === 'pull') device.applyPull(server.pull(device.cursor));
		if (s.kind === 'push') {
			const batch = device.batch();
			if (batch.length === 0) continue;
			const results = server.push(device.id, batch);
			// The same batch delivered again (a retry racing the first): never a second effect.
			for (let i = 0; duplicate && i < s.replays; i++) server.push(device.id, batch);
			if (!s.lost) device.acknowledge(results);
		}
	}
	// Back online for good: every device sends what is left, then everyone pulls everything.
	for (const device of devices) {
		for (let i = 0; i < 3 && device.queue.length; i++) {
			device.acknowledge(server.push(device.id, device.batch()));
		}
	}
	for (const device of devices) device.applyPull(server.pull(device.cursor));
	return { server, devices };
}

describe('sync merge, any interleaving of three devices', () => {
	it('converges: every device ends with the server’s values, and nothing is left waiting', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
				const { server, devices } = run(steps, true);
				for (const device of devices) {
					expect(device.queue).toEqual([]);
					expect(device.snapshot()).toEqual(server.values());
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('gives the same result whether or not pushes were delivered twice', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
				const once = run(steps, false);
				const twice = run(steps, true);
				expect(twice.server.values()).toEqual(once.server.values());
				expect(twice.server.version).toBe(once.server.version);
				expect(twice.server.conflicts).toEqual(once.server.conflicts);
			}),
			{ numRuns: 200 }
		);
	});

	it('loses no value silently: a value replaced by a device that had not seen it is a conflict', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
				const { server } = run(steps, true);
				for (const w of server.writes) {
					const old = w.replaced;
					const unseen =
						old !== undefined &&
						old.deviceId !== w.deviceId &&
						old.value !== w.value &&
						w.base < old.version;
					const recorded = server.conflicts.some(
						(c) =>
							c.row === w.row &&
							c.field === w.field &&
							c.applied.version === w.version &&
							c.overwritten.version === old?.version
					);
					expect(recorded).toBe(unseen);
				}
			}),
			{ numRuns: 200 }
		);
	});
});
