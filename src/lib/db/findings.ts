import { newId, nowIso } from '$lib/domain/ids';
import type { Finding } from '$lib/domain';
import { db } from './connection';
import { ValidationError } from './meta';
import { commit } from './write-path';

export type FindingDraft = Omit<Finding, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

export async function save(draft: FindingDraft): Promise<Finding> {
	// The schemas load with the first write, not with the app shell.
	const { FindingSchema } = await import('$lib/domain/finding');
	const database = db();
	const at = nowIso();
	const existing = draft.id ? await database.findings.get(draft.id) : undefined;
	if (draft.id && !existing) throw new ValidationError('not-found');
	const finding = FindingSchema.parse({
		...draft,
		id: draft.id ?? newId(),
		createdAt: existing?.createdAt ?? at,
		updatedAt: at
	});
	await commit([database.findings], async () => {
		await database.findings.put(finding);
		const patch: Record<string, unknown> = existing
			? Object.fromEntries(
					Object.entries(finding).filter(([k, v]) => existing[k as keyof Finding] !== v)
				)
			: { ...finding };
		return {
			entity: 'finding',
			entityId: finding.id,
			inspectionId: finding.inspectionId,
			op: 'upsert',
			patch
		};
	});
	return finding;
}

export async function remove(id: string): Promise<void> {
	const database = db();
	await commit([database.findings], async () => {
		const existing = await database.findings.get(id);
		if (!existing) return [];
		await database.findings.delete(id);
		return {
			entity: 'finding',
			entityId: id,
			inspectionId: existing.inspectionId,
			op: 'delete',
			patch: { inspectionId: existing.inspectionId }
		};
	});
}

export async function listFor(inspectionId: string): Promise<Finding[]> {
	const rows = await db().findings.where('inspectionId').equals(inspectionId).toArray();
	return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function forItem(inspectionId: string, itemId: string): Promise<Finding | undefined> {
	return db()
		.findings.where('itemId')
		.equals(itemId)
		.filter((f) => f.inspectionId === inspectionId)
		.first();
}
