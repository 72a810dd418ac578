import { formatCitation, refsInForce, type LegalCatalog, type TemplateItem } from '$lib/domain';

/** The legal bases of an item as in force on the visit date, ready to print. */
export function citationFor(item: TemplateItem, legal: LegalCatalog, onDate: string): string {
	return refsInForce(item.legalRefs, legal, onDate)
		.map(({ ref, instrument }) => formatCitation(ref, instrument))
		.join('; ');
}
