import { describe, expect, it } from 'vitest';
import { FindingSchema, type Inspection } from '$lib/domain';
import { StorageFullError } from './errors';
import * as findings from './findings';
import type { FindingDraft } from './findings';
import { queueKey } from './database';
import { ValidationError } from './meta';
import {
	createInspection,
	failWrites,
	markAllSending,
	outboxFor,
	snapshot,
	useFreshDatabase
} from './test-fixtures';

const database = useFreshDatabase();

function draft(inspection: Inspection, overrides: Partial<FindingDraft> = {}): FindingDraft {
	return {
		inspectionId: inspection.id,
		itemId: 'A1',
		description: 'Chưa niêm yết 3 thủ tục mới',
		severity: 'medium',
		legalBasis: 'Điều 5 NĐ 118/2025/NĐ-CP',
		requiredAction: 'Bổ sung niêm yết',
		responsibleParty: 'UBND phường',
		deadline: '2025-09-30',
		...overrides
	};
}

/** Lets the clock move so updatedAt and createdAt differ between saves. */
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('findings.save', () => {
	it('stores a new finding and puts the full row in the queue', async () => {
		const inspection = await createInspection();
		const saved = await findings.save(draft(inspection));

		expect(FindingSchema.safeParse(saved).success).toBe(true);
		expect(saved.createdAt).toBe(saved.updatedAt);
		expect(await database().findings.get(saved.id)).toEqual(saved);

		const entries = await outboxFor('finding', saved.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			key: queueKey('finding', saved.id),
			op: 'upsert',
			inspectionId: inspection.id,
			state: 'pending'
		});
		expect(entries[0]?.patch).toEqual(saved);
	});

	it('normalises text to NFC', async () => {
		const inspection = await createInspection();
		const nfd = 'Hồ sơ trễ hạn chưa xin lỗi'.normalize('NFD');
		const saved = await findings.save(draft(inspection, { description: ` ${nfd} ` }));
		expect(saved.description).toBe('Hồ sơ trễ hạn chưa xin lỗi');
		expect((await database().findings.get(saved.id))?.description).toBe(
			'Hồ sơ trễ hạn chưa xin lỗi'
		);
	});

	it('sends only the changed fields of an edit', async () => {
		const inspection = await createInspection();
		const created = await findings.save(draft(inspection));
		await markAllSending();
		await tick();

		const edited = await findings.save({ ...draft(inspection), id: created.id, severity: 'high' });
		expect(edited.id).toBe(created.id);
		expect(edited.createdAt).toBe(created.createdAt);
		expect(edited.updatedAt > created.updatedAt).toBe(true);
		expect(await database().findings.get(created.id)).toEqual(edited);

		const entries = await outboxFor('finding', created.id);
		expect(entries).toHaveLength(2);
		// The pushed creation stays as it was sent; the edit waits beside it.
		expect(entries[0]).toMatchObject({ state: 'sending', patch: { severity: 'medium' } });
		expect(entries[0]?.key).toBe(`sent:${entries[0]?.mutationId}`);
		expect(entries[1]).toMatchObject({
			key: queueKey('finding', created.id),
			state: 'pending',
			inspectionId: inspection.id
		});
		expect(entries[1]?.patch).toEqual({ severity: 'high', updatedAt: edited.updatedAt });
	});

	it('folds an edit into a still-pending creation', async () => {
		const inspection = await createInspection();
		const created = await findings.save(draft(inspection));
		const edited = await findings.save({
			...draft(inspection),
			id: created.id,
			deadline: null,
			description: 'Sửa lại'
		});
		const entries = await outboxFor('finding', created.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]?.patch).toEqual(edited);
	});

	it('rejects an empty description without writing', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		await expect(findings.save(draft(inspection, { description: '   ' }))).rejects.toMatchObject({
			name: 'ZodError'
		});
		await expect(findings.save(draft(inspection, { description: '' }))).rejects.toMatchObject({
			name: 'ZodError'
		});
		expect(await snapshot()).toEqual(before);
	});

	it('rejects a bad deadline or severity without writing', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		await expect(
			findings.save(draft(inspection, { deadline: '30/09/2025' }))
		).rejects.toMatchObject({ name: 'ZodError' });
		await expect(
			findings.save(draft(inspection, { severity: 'urgent' as 'high' }))
		).rejects.toMatchObject({ name: 'ZodError' });
		expect(await snapshot()).toEqual(before);
	});

	it('rejects an edit of a finding that does not exist', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		await expect(
			findings.save({ ...draft(inspection), id: crypto.randomUUID() })
		).rejects.toBeInstanceOf(ValidationError);
		expect(await snapshot()).toEqual(before);
	});

	it('writes nothing when storage is full', async () => {
		const inspection = await createInspection();
		const before = await snapshot();
		failWrites(database().queue);
		await expect(findings.save(draft(inspection))).rejects.toBeInstanceOf(StorageFullError);
		expect(await snapshot()).toEqual(before);
	});

	it('keeps the earlier version when storage fills up during an edit', async () => {
		const inspection = await createInspection();
		const created = await findings.save(draft(inspection));
		const before = await snapshot();
		failWrites(database().findings);
		await expect(
			findings.save({ ...draft(inspection), id: created.id, severity: 'high' })
		).rejects.toBeInstanceOf(StorageFullError);
		expect(await snapshot()).toEqual(before);
		expect(await database().findings.get(created.id)).toEqual(created);
	});
});

describe('findings.remove', () => {
	it('deletes the row and queues a delete', async () => {
		const inspection = await createInspection();
		const created = await findings.save(draft(inspection));
		await markAllSending();

		await findings.remove(created.id);
		expect(await database().findings.get(created.id)).toBeUndefined();
		const entries = await outboxFor('finding', created.id);
		expect(entries).toHaveLength(2);
		expect(entries[0]).toMatchObject({ op: 'upsert', state: 'sending' });
		expect(entries[1]).toMatchObject({
			key: queueKey('finding', created.id),
			op: 'delete',
			inspectionId: inspection.id,
			state: 'pending',
			patch: { inspectionId: inspection.id }
		});
	});

	it('turns a pending creation into a delete', async () => {
		const inspection = await createInspection();
		const created = await findings.save(draft(inspection));
		await findings.remove(created.id);
		const entries = await outboxFor('finding', created.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ op: 'delete', patch: {}, inspectionId: inspection.id });
		// Still the creation's mutation: the server sees one change, never a row to undo.
		expect(entries[0]?.key).toBe(queueKey('finding', created.id));
		expect(await database().findings.count()).toBe(0);
	});

	it('does nothing for a finding that is not there', async () => {
		const before = await snapshot();
		await findings.remove(crypto.randomUUID());
		expect(await snapshot()).toEqual(before);
	});
});

describe('findings.listFor / forItem', () => {
	it('lists the findings of one inspection in the order they were made', async () => {
		const inspection = await createInspection();
		const other = await createInspection();
		const first = await findings.save(draft(inspection, { description: 'Một' }));
		await tick();
		const second = await findings.save(draft(inspection, { description: 'Hai', itemId: null }));
		await tick();
		const third = await findings.save(draft(inspection, { description: 'Ba', itemId: 'A2' }));
		await findings.save(draft(other, { description: 'Khác' }));
		// Editing the first must not move it.
		await tick();
		await findings.save({ ...draft(inspection, { description: 'Một (sửa)' }), id: first.id });

		const listed = await findings.listFor(inspection.id);
		expect(listed.map((f) => f.id)).toEqual([first.id, second.id, third.id]);
		expect(listed[0]?.description).toBe('Một (sửa)');
		expect(await findings.listFor(crypto.randomUUID())).toEqual([]);
	});

	it('finds the finding raised from one item of one inspection', async () => {
		const inspection = await createInspection();
		const other = await createInspection();
		await findings.save(draft(other, { itemId: 'A1' }));
		const mine = await findings.save(draft(inspection, { itemId: 'A1' }));
		expect((await findings.forItem(inspection.id, 'A1'))?.id).toBe(mine.id);
		expect(await findings.forItem(inspection.id, 'A2')).toBeUndefined();
	});
});
