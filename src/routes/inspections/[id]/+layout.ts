import { error } from '@sveltejs/kit';
import { catalog, inspections } from '$lib/db';
import { loadLegalCatalog } from '$lib/domain';
import { loadAreas } from '$lib/i18n/index.svelte';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ params }) => {
	const inspection = await inspections.get(params.id);
	if (!inspection) error(404, 'inspection-not-found');
	const [template, indicatorSet, unit, legal] = await Promise.all([
		catalog.getTemplate(inspection.templateId, inspection.templateVersion),
		catalog.getIndicatorSet(inspection.indicatorSetId, inspection.indicatorSetVersion),
		catalog.getUnit(inspection.unitId),
		loadLegalCatalog(),
		// The minutes and summary tabs' strings, kept out of the app shell.
		loadAreas()
	]);
	if (!template || !indicatorSet) error(500, 'template-missing');
	return { inspectionId: inspection.id, template, indicatorSet, unit, legal };
};
