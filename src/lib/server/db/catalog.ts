/**
 * The server-written catalog: units, checklist templates and indicator sets. Each save replaces
 * the document and moves its row to the head of the feed, so devices pull the new data.
 */
import type { Transaction } from 'kysely';
import type { IndicatorSet } from '$lib/domain/indicator';
import type { Template } from '$lib/domain/template';
import type { Unit } from '$lib/domain/unit';
import { recordChange } from './feed';
import type { DB } from './schema';

/** The feed id of a versioned document; `@` cannot occur in an id (IdSchema). */
export function versionedId(doc: { id: string; version: number }): string {
	return `${doc.id}@${doc.version}`;
}

export async function saveUnit(trx: Transaction<DB>, unit: Unit): Promise<void> {
	const data = JSON.stringify(unit);
	await trx
		.insertInto('units')
		.values({ id: unit.id, data })
		.onConflict((oc) => oc.column('id').doUpdateSet({ data }))
		.execute();
	await recordChange(trx, { entity: 'unit', entityId: unit.id, inspectionId: null });
}

export async function saveTemplate(trx: Transaction<DB>, template: Template): Promise<void> {
	const data = JSON.stringify(template);
	await trx
		.insertInto('templates')
		.values({ id: template.id, version: template.version, data })
		.onConflict((oc) => oc.columns(['id', 'version']).doUpdateSet({ data }))
		.execute();
	await recordChange(trx, {
		entity: 'template',
		entityId: versionedId(template),
		inspectionId: null
	});
}

export async function saveIndicatorSet(trx: Transaction<DB>, set: IndicatorSet): Promise<void> {
	const data = JSON.stringify(set);
	await trx
		.insertInto('indicator_sets')
		.values({ id: set.id, version: set.version, data })
		.onConflict((oc) => oc.columns(['id', 'version']).doUpdateSet({ data }))
		.execute();
	await recordChange(trx, {
		entity: 'indicatorSet',
		entityId: versionedId(set),
		inspectionId: null
	});
}
