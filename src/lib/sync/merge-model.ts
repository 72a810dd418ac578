/**
 * A small model of the sync protocol for the property tests: a server applying pushes with the
 * real merge rules (dedupe by mutation id, one global version), and devices that queue edits
 * per field, push with base versions, and apply pulls around their pending fields as the device
 * code does (docs/SYNC.md). Test support only; nothing in the app imports it.
 */
import { applyMutation, type Conflict, type RowState } from './merge';
import type { FieldState, MutationResult } from './protocol';

export type Edit = { row: string; field: string; value: string };

type Entry = Edit & { mutationId: string; sent: boolean };

type StoredResult = Exclude<MutationResult, { status: 'rejected' }>;

export class ModelServer {
	rows = new Map<string, RowState>();
	version = 0;
	conflicts: (Conflict & { row: string })[] = [];
	/** Every accepted write, with the value it replaced: the history the properties check. */
	writes: (Edit & { deviceId: string; version: number; base: number; replaced?: FieldState })[] =
		[];
	#results = new Map<string, StoredResult>();

	push(deviceId: string, batch: (Edit & { mutationId: string; base: number })[]): StoredResult[] {
		return batch.map((m) => {
			const seen = this.#results.get(m.mutationId);
			if (seen) return { ...seen, status: 'duplicate' };
			const version = ++this.version;
			const replaced = this.rows.get(m.row)?.fields[m.field];
			this.writes.push({ ...m, deviceId, version, replaced });
			const applied = applyMutation(
				this.rows.get(m.row),
				{ op: 'upsert', patch: { [m.field]: m.value }, base: { [m.field]: m.base }, at: '' },
				{ version, by: deviceId, deviceId }
			);
			this.rows.set(m.row, applied.row);
			for (const c of applied.conflicts) this.conflicts.push({ ...c, row: m.row });
			const result: StoredResult = {
				mutationId: m.mutationId,
				status: applied.conflicts.length ? 'conflict' : 'applied',
				version
			};
			this.#results.set(m.mutationId, result);
			return result;
		});
	}

	/** Rows changed after `cursor`, as their whole current state. */
	pull(cursor: number): { row: string; state: RowState; version: number }[] {
		const out = [];
		for (const [row, state] of this.rows) {
			const version = Math.max(0, ...Object.values(state.fields).map((f) => f.version));
			if (version > cursor) out.push({ row, state, version });
		}
		return out.sort((a, b) => a.version - b.version);
	}

	values(): Record<string, Record<string, unknown>> {
		return Object.fromEntries(
			[...this.rows].map(([row, s]) => [
				row,
				Object.fromEntries(Object.entries(s.fields).map(([f, fs]) => [f, fs.value]))
			])
		);
	}
}

export class ModelDevice {
	values = new Map<string, Map<string, string>>();
	versions = new Map<string, Map<string, number>>();
	queue: Entry[] = [];
	cursor = 0;
	#next = 0;

	constructor(readonly id: string) {}

	edit(e: Edit): void {
		const row = this.values.get(e.row) ?? new Map<string, string>();
		row.set(e.field, e.value);
		this.values.set(e.row, row);
		// One waiting entry per field, replaced by a newer edit (as answers queue); sent ones stay.
		this.queue = this.queue.filter((q) => q.sent || q.row !== e.row || q.field !== e.field);
		this.queue.push({ ...e, mutationId: `${this.id}-${++this.#next}`, sent: false });
	}

	/** Everything waiting, sent entries again first; the caller decides if the answer arrives. */
	batch(): (Edit & { mutationId: string; base: number })[] {
		const ordered = [...this.queue.filter((q) => q.sent), ...this.queue.filter((q) => !q.sent)];
		for (const q of ordered) q.sent = true;
		return ordered.map((q) => ({
			row: q.row,
			field: q.field,
			value: q.value,
			mutationId: q.mutationId,
			base: this.versions.get(q.row)?.get(q.field) ?? 0
		}));
	}

	acknowledge(results: StoredResult[]): void {
		for (const r of results) {
			const entry = this.queue.find((q) => q.mutationId === r.mutationId);
			if (!entry) continue;
			this.queue = this.queue.filter((q) => q !== entry);
			const versions = this.versions.get(entry.row) ?? new Map<string, number>();
			versions.set(entry.field, Math.max(versions.get(entry.field) ?? 0, r.version));
			this.versions.set(entry.row, versions);
		}
	}

	applyPull(changes: ReturnType<ModelServer['pull']>): void {
		for (const change of changes) {
			const values = this.values.get(change.row) ?? new Map<string, string>();
			const versions = this.versions.get(change.row) ?? new Map<string, number>();
			for (const [field, fs] of Object.entries(change.state.fields)) {
				if (this.queue.some((q) => q.row === change.row && q.field === field)) continue;
				if (fs.version <= (versions.get(field) ?? 0)) continue;
				values.set(field, fs.value as string);
				versions.set(field, fs.version);
			}
			this.values.set(change.row, values);
			this.versions.set(change.row, versions);
			this.cursor = Math.max(this.cursor, change.version);
		}
	}

	snapshot(): Record<string, Record<string, unknown>> {
		return Object.fromEntries(
			[...this.values].map(([row, fields]) => [row, Object.fromEntries(fields)])
		);
	}
}
