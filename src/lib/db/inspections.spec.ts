import { describe, expect, it, vi } from 'vitest';
import { InspectionSchema } from '$lib/domain';
import * as answers from './answers';
import { getIndicatorSet, getTemplate, latestTemplates } from './catalog';
import { queueKey, templateKey } from './database';
import { StorageFullError } from './errors';
import * as inspections from './inspections';
import { ValidationError, deviceId, setInspectorName } from './meta';
import {
	PASS_FAIL,
	createInspection,
	failWrites,
	newInspectionInput,
	outboxFor,
	snapshot,
	testIndicatorSet,
	testTemplate,
	useFreshDatabase,
	markAllSending
} from './test-fixtures';

const database = useFreshDatabase();

describe('inspections.create', () => {
	it('stores a valid draft with numbered members, author and device', async () => {
		await setInspectorName('Nguyễn Văn An');
		const created = await createInspection();

		expect(InspectionSchema.safeParse(created).success).toBe(true);
		expect(created).toMatchObject({
			templateId: 'tpl-test',
			templateVersion: 1,
			indicatorSetId: 'qd-766',
			indicatorSetVersion: 1,
			unitId: 'ubnd-phuong-ben-nghe',
			status: 'draft',
			createdBy: 'Nguyễn Văn An',
			deviceId: await deviceId()
		});
		expect(created.members.map((m) => m.id)).toEqual(['m1', 'm2']);
		expect(created.createdAt).toBe(created.updatedAt);
		expect(await inspections.get(created.id)).toEqual(created);
	});

	it('puts the full row in the queue', async () => {
		const created = await createInspection();
		const entries = await outboxFor('inspection', created.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			key: queueKey('inspection', created.id),
			op: 'upsert',
			inspectionId: created.id,
			state: 'pending'
		});
		expect(entries[0]?.patch).toEqual(created);
	});

	it('names its delegation when one was chosen, so the server files it there', async () => {
		const plain = await createInspection();
		expect(plain).not.toHaveProperty('delegationId');
		const chosen = await inspections.create({ ...newInspectionInput(), delegationId: 'dlg-thu' });
		expect(chosen.delegationId).toBe('dlg-thu');
		expect((await outboxFor('inspection', chosen.id))[0]?.patch['delegationId']).toBe('dlg-thu');
	});

	it('freezes the template and indicator set it was started with', async () => {
		const v1 = testTemplate();
		const set = testIndicatorSet();
		const created = await createInspection({ template: v1, indicatorSet: set });

		// The app ships version 2 of the same checklist and indicator set.
		const v2 = testTemplate({ version: 2, title: { vi: 'Phiên bản 2' } });
		await database().templates.put({ ...v2, key: templateKey(v2.id, 2) });
		await database().indicatorSets.put({
			...testIndicatorSet({ version: 2 }),
			key: templateKey(set.id, 2)
		});

		expect(await getTemplate(created.templateId, created.templateVersion)).toEqual(v1);
		expect(await getTemplate(created.templateId, 2)).toEqual(v2);
		expect(await getIndicatorSet(created.indicatorSetId, created.indicatorSetVersion)).toEqual(set);
		expect(await latestTemplates()).toEqual([v2]);
		expect(await database().templates.count()).toBe(2);
	});

	it('rejects invalid input without writing anything', async () => {
		const before = await snapshot();
		await expect(
			inspections.create(newInspectionInput({ periodFrom: '2025-07-01', periodTo: '2025-06-30' }))
		).rejects.toMatchObject({ name: 'ZodError' });
		await expect(
			inspections.create(
				newInspectionInput({ members: [{ name: 'Trần Thị Bình', role: 'thu-ky', position: '' }] })
			)
		).rejects.toMatchObject({ name: 'ZodError' });
		await expect(
			inspections.create(newInspectionInput({ visitDate: '15/08/2025' }))
		).rejects.toMatchObject({ name: 'ZodError' });
		expect(await snapshot()).toEqual(before);
		expect(await database().templates.count()).toBe(0);
	});

	it('writes neither inspection, template nor queue entry when storage is full', async () => {
		failWrites(database().queue);
		await expect(createInspection()).rejects.toBeInstanceOf(StorageFullError);
		expect(await database().inspections.count()).toBe(0);
		expect(await database().templates.count()).toBe(0);
		expect(await database().indicatorSets.count()).toBe(0);
		expect(await database().queue.count()).toBe(0);
	});
});

describe('inspections.setStatus', () => {
	it('follows draft → in-progress → completed → in-progress', async () => {
		const created = await createInspection();
		for (const status of ['in-progress', 'completed', 'in-progress'] as const) {
			await inspections.setStatus(created.id, status);
			expect((await inspections.get(created.id))?.status).toBe(status);
		}
		const entries = await outboxFor('inspection', created.id);
		expect(entries).toHaveLength(1);
		expect(entries[0]?.patch['status']).toBe('in-progress');
		// Merged into the creation, which still carries the whole row.
		expect(entries[0]?.patch).toMatchObject({ id: created.id, unitId: created.unitId });
	});

	it('sends only status and updatedAt once the creation has been pushed', async () => {
		const created = await createInspection();
		await markAllSending();
		await inspections.setStatus(created.id, 'in-progress');
		const entries = await outboxFor('inspection', created.id);
		expect(entries).toHaveLength(2);
		const stored = await inspections.get(created.id);
		expect(entries[0]).toMatchObject({ state: 'sending', patch: { status: 'draft' } });
		expect(entries[1]).toMatchObject({ key: queueKey('inspection', created.id), state: 'pending' });
		expect(entries[1]?.patch).toEqual({ status: 'in-progress', updatedAt: stored?.updatedAt });
	});

	it('writes nothing when storage is full', async () => {
		const created = await createInspection();
		const before = await snapshot();
		failWrites(database().inspections);
		await expect(inspections.setStatus(created.id, 'in-progress')).rejects.toBeInstanceOf(
			StorageFullError
		);
		expect(await snapshot()).toEqual(before);
	});

	it.each([
		['draft', 'completed'],
		['in-progress', 'draft'],
		['completed', 'draft']
	] as const)('rejects %s → %s and writes nothing', async (from, to) => {
		const created = await createInspection();
		if (from !== 'draft') await inspections.setStatus(created.id, 'in-progress');
		if (from === 'completed') await inspections.setStatus(created.id, 'completed');
		const before = await snapshot();

		const moving = inspections.setStatus(created.id, to);
		await expect(moving).rejects.toBeInstanceOf(ValidationError);
		await expect(moving).rejects.toMatchObject({ code: 'bad-transition', field: 'status' });
		expect(await snapshot()).toEqual(before);
		expect((await inspections.get(created.id))?.status).toBe(from);
	});

	it('does nothing when the status does not change', async () => {
		const created = await createInspection();
		const before = await snapshot();
		await inspections.setStatus(created.id, 'draft');
		expect(await snapshot()).toEqual(before);
	});

	it('rejects an unknown inspection', async () => {
		await expect(inspections.setStatus(crypto.randomUUID(), 'completed')).rejects.toMatchObject({
			name: 'ValidationError',
			code: 'not-found'
		});
		expect(await database().queue.count()).toBe(0);
	});
});

describe('inspections.list', () => {
	it('lists the most recently changed first', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			vi.setSystemTime(new Date('2025-08-15T08:00:00Z'));
			const older = await createInspection();
			vi.setSystemTime(new Date('2025-08-15T09:00:00Z'));
			const newer = await createInspection({ unitId: 'ubnd-xa-tan-thanh' });
			expect((await inspections.list()).map((i) => i.id)).toEqual([newer.id, older.id]);

			vi.setSystemTime(new Date('2025-08-15T10:00:00Z'));
			await answers.save(older, PASS_FAIL, { result: 'pass' });
			expect((await inspections.list()).map((i) => i.id)).toEqual([older.id, newer.id]);
		} finally {
			vi.useRealTimers();
		}
	});
});
