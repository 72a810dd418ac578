/**
 * Templates, indicator sets and units as the device knows them. A template is stored per
 * (id, version) so an inspection started on version 1 still opens after the app ships version 2.
 */
import type { IndicatorSet, Template, Unit } from '$lib/domain';
import {
	BUNDLED_INDICATOR_SET_REF,
	BUNDLED_TEMPLATE_REF,
	BUNDLED_UNITS_REF,
	loadDefaultTemplate,
	loadDemoUnits,
	loadIndicatorSet
} from '$lib/domain/bundled';
import { db } from './connection';
import { templateKey } from './database';

/** Which shipped data this device already stored; when it matches, start-up loads nothing. */
const BUNDLED_STAMP = [BUNDLED_TEMPLATE_REF, BUNDLED_INDICATOR_SET_REF, BUNDLED_UNITS_REF]
	.map((ref) => templateKey(ref.id, ref.version))
	.join('|');

export async function ensureBundled(): Promise<void> {
	const database = db();
	if ((await database.meta.get('bundled'))?.value === BUNDLED_STAMP) return;
	const [template, indicators, units] = await Promise.all([
		loadDefaultTemplate(),
		loadIndicatorSet(),
		loadDemoUnits()
	]);
	await database.transaction(
		'rw',
		[database.templates, database.indicatorSets, database.units, database.meta],
		async () => {
			await database.templates.put({
				...template,
				key: templateKey(template.id, template.version)
			});
			await database.indicatorSets.put({
				...indicators,
				key: templateKey(indicators.id, indicators.version)
			});
			if ((await database.units.count()) === 0) await database.units.bulkPut(units.units);
			await database.meta.put({ key: 'bundled', value: BUNDLED_STAMP });
		}
	);
}

export async function getTemplate(id: string, version: number): Promise<Template | undefined> {
	return strip(await db().templates.get(templateKey(id, version)));
}

export async function getIndicatorSet(
	id: string,
	version: number
): Promise<IndicatorSet | undefined> {
	return strip(await db().indicatorSets.get(templateKey(id, version)));
}

export async function latestTemplates(): Promise<Template[]> {
	return newestPerId(await db().templates.toArray());
}

export async function latestIndicatorSets(): Promise<IndicatorSet[]> {
	return newestPerId(await db().indicatorSets.toArray());
}

function newestPerId<T extends { id: string; version: number; key: string }>(
	rows: T[]
): Omit<T, 'key'>[] {
	const newest = new Map<string, T>();
	for (const row of rows) {
		const seen = newest.get(row.id);
		if (!seen || seen.version < row.version) newest.set(row.id, row);
	}
	return [...newest.values()].map((row) => strip(row) as Omit<T, 'key'>);
}

export async function listUnits(): Promise<Unit[]> {
	return db().units.toArray();
}

export async function getUnit(id: string): Promise<Unit | undefined> {
	return db().units.get(id);
}

function strip<T extends { key: string }>(row: T | undefined): Omit<T, 'key'> | undefined {
	if (!row) return undefined;
	const { key: _key, ...rest } = row;
	return rest;
}
