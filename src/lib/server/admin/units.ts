/**
 * The unit directory (đơn vị được kiểm tra), kept by the city office. Every save goes through
 * `saveUnit`, which moves the unit to the head of the feed, so devices pull the new name at their
 * next sync. A unit can be deleted only while nothing refers to it: an inspection's record must
 * keep naming the unit it inspected, and a ward's parent must stay in the directory. A delete
 * travels to devices as a tombstone.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId } from '$lib/domain/ids';
import { IdSchema, nfc, requiredText } from '$lib/domain/text';
import { UnitKindSchema, UnitSchema, type Unit } from '$lib/domain/unit';
import { saveUnit } from '../db/catalog';
import { recordChange } from '../db/feed';
import type { DB } from '../db/schema';
import { throwApiError } from '../http';

/** What the administrator edits; the rest of a `Unit` (validity, served wards) is kept. */
export const UnitInputSchema = z.strictObject({
	kind: UnitKindSchema,
	name: requiredText(300),
	address: nfc(500),
	parentId: IdSchema.nullable()
});
type UnitInput = z.output<typeof UnitInputSchema>;

export async function addUnit(db: Kysely<DB>, input: UnitInput): Promise<{ id: string }> {
	const unit = UnitSchema.parse({ ...input, id: newId() });
	await db.transaction().execute(async (trx) => {
		await checkParent(trx, unit.id, unit.parentId);
		await saveUnit(trx, unit);
	});
	return { id: unit.id };
}

export async function changeUnit(db: Kysely<DB>, id: string, input: UnitInput): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const current = await findUnit(trx, id);
		if (!current) unitNotFound();
		await checkParent(trx, id, input.parentId);
		await saveUnit(trx, UnitSchema.parse({ ...current, ...input }));
	});
}

export async function deleteUnit(db: Kysely<DB>, id: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		if (!(await findUnit(trx, id))) unitNotFound();
		const usage = await unitsInUse(trx);
		if (usage.byInspections.has(id)) {
			throwApiError(
				409,
				'unit-in-use',
				'Không xóa được: đơn vị này đã có cuộc kiểm tra. Hãy đổi tên nếu cần sửa thông tin.'
			);
		}
		if (usage.byUnits.has(id)) {
			throwApiError(
				409,
				'unit-in-use',
				'Không xóa được: đơn vị khác đang thuộc về hoặc được phục vụ bởi đơn vị này.'
			);
		}
		await trx.deleteFrom('units').where('id', '=', id).execute();
		await recordChange(trx, { entity: 'unit', entityId: id, inspectionId: null, deleted: true });
	});
}

/**
 * The units something refers to: the `unitId` of every inspection the server holds (tombstoned
 * ones too, their record is kept), and the parents and served wards named by other units.
 */
export async function unitsInUse(
	db: Kysely<DB>
): Promise<{ byInspections: Set<string>; byUnits: Set<string> }> {
	const [inspected, units] = await Promise.all([
		db
			.selectFrom('fields')
			.select('value')
			.distinct()
			.where('entity', '=', 'inspection')
			.where('field', '=', 'unitId')
			.execute(),
		db.selectFrom('units').select('data').execute()
	]);
	const byUnits = new Set<string>();
	for (const { data } of units) {
		const unit = JSON.parse(data) as Unit;
		if (unit.parentId) byUnits.add(unit.parentId);
		for (const served of unit.servesUnitIds) byUnits.add(served);
	}
	return { byInspections: new Set(inspected.map((r) => JSON.parse(r.value) as string)), byUnits };
}

async function findUnit(db: Kysely<DB>, id: string): Promise<Unit | undefined> {
	const row = await db.selectFrom('units').select('data').where('id', '=', id).executeTakeFirst();
	return row ? (JSON.parse(row.data) as Unit) : undefined;
}

/** The parent must exist, and following parents up from it must never come back to `id`. */
async function checkParent(db: Kysely<DB>, id: string, parentId: string | null): Promise<void> {
	if (parentId === null) return;
	if (!(await findUnit(db, parentId))) {
		throwApiError(404, 'not-found', 'Không tìm thấy đơn vị cấp trên.');
	}
	const seen = new Set<string>();
	for (let at: string | null = parentId; at !== null && !seen.has(at);) {
		if (at === id) throwApiError(409, 'parent-cycle', 'Đơn vị không thể trực thuộc chính nó.');
		seen.add(at);
		at = (await findUnit(db, at))?.parentId ?? null;
	}
}

function unitNotFound(): never {
	throwApiError(404, 'not-found', 'Không tìm thấy đơn vị này.');
}
