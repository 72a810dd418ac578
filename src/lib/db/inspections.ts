import { newId, nowIso } from '$lib/domain/ids';
import type { IndicatorSet, Inspection, InspectionStatus, Member, Template } from '$lib/domain';
import { db } from './connection';
import { templateKey } from './database';
import { inspectorName, deviceId, ValidationError } from './meta';
import { commit } from './write-path';

export type NewInspection = {
	unitId: string;
	periodFrom: string;
	periodTo: string;
	visitDate: string;
	members: Omit<Member, 'id'>[];
	template: Template;
	indicatorSet: IndicatorSet;
	delegationId?: string;
};

export async function create(input: NewInspection): Promise<Inspection> {
	// The schemas load with the first write, not with the app shell.
	const { InspectionSchema } = await import('$lib/domain/inspection');
	const at = nowIso();
	const inspection = InspectionSchema.parse({
		id: newId(),
		templateId: input.template.id,
		templateVersion: input.template.version,
		indicatorSetId: input.indicatorSet.id,
		indicatorSetVersion: input.indicatorSet.version,
		unitId: input.unitId,
		periodFrom: input.periodFrom,
		periodTo: input.periodTo,
		visitDate: input.visitDate,
		members: input.members.map((m, i) => ({ ...m, id: `m${i + 1}` })),
		status: 'draft',
		createdAt: at,
		updatedAt: at,
		createdBy: inspectorName(),
		deviceId: await deviceId(),
		...(input.delegationId ? { delegationId: input.delegationId } : {})
	});
	const database = db();
	await commit([database.inspections, database.templates, database.indicatorSets], async () => {
		// The frozen template travels with the inspection, whatever the app ships later.
		await database.templates.put({
			...input.template,
			key: templateKey(input.template.id, input.template.version)
		});
		await database.indicatorSets.put({
			...input.indicatorSet,
			key: templateKey(input.indicatorSet.id, input.indicatorSet.version)
		});
		await database.inspections.add(inspection);
		return {
			entity: 'inspection',
			entityId: inspection.id,
			inspectionId: inspection.id,
			op: 'upsert',
			patch: { ...inspection }
		};
	});
	return inspection;
}

export async function get(id: string): Promise<Inspection | undefined> {
	return db().inspections.get(id);
}

export async function list(): Promise<Inspection[]> {
	return db().inspections.orderBy('updatedAt').reverse().toArray();
}

export async function setStatus(id: string, status: InspectionStatus): Promise<void> {
	const { canMoveTo } = await import('$lib/domain/inspection');
	const database = db();
	await commit([database.inspections], async () => {
		const current = await database.inspections.get(id);
		if (!current) throw new ValidationError('not-found');
		if (current.status === status) return [];
		if (!canMoveTo(current.status, status)) throw new ValidationError('bad-transition', 'status');
		const patch = { status, updatedAt: nowIso() };
		await database.inspections.update(id, patch);
		return { entity: 'inspection', entityId: id, inspectionId: id, op: 'upsert', patch };
	});
}
