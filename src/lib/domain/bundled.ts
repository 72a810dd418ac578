import { IndicatorSetSchema, type IndicatorSet } from './indicator';
import { LegalCatalogSchema, type LegalCatalog } from './legal';
import { TemplateSchema, type Template } from './template';
import { UnitDirectorySchema, type UnitDirectory } from './unit';

/**
 * The data shipped with the app. Each file is a dynamic import so that it lands in its own chunk,
 * out of the app shell, and is parsed once: the schemas normalise text (NFC, trim) and fill
 * defaults, so the rest of the app only ever sees parsed values.
 */

export const BUNDLED_LEGAL_CATALOG_REF = { id: 'vn-tthc-legal', version: 1 } as const;
export const BUNDLED_TEMPLATE_REF = { id: 'tthc-mot-cua-so-hoa', version: 1 } as const;
export const BUNDLED_INDICATOR_SET_REF = { id: 'tthc-h', version: 1 } as const;
export const BUNDLED_UNITS_REF = { id: 'demo-hanoi', version: 1 } as const;

function once<T>(load: () => Promise<T>): () => Promise<T> {
	let cached: Promise<T> | undefined;
	return () => {
		// A failed chunk fetch (offline before the service worker cached it) must not stick.
		cached ??= load().catch((error: unknown) => {
			cached = undefined;
			throw error;
		});
		return cached;
	};
}

const legalCatalog = once(async () =>
	LegalCatalogSchema.parse((await import('./data/legal-catalog.json')).default)
);
const defaultTemplate = once(async () =>
	TemplateSchema.parse((await import('./data/template-default.json')).default)
);
const indicatorSet = once(async () =>
	IndicatorSetSchema.parse((await import('./data/indicators.json')).default)
);
const demoUnits = once(async () =>
	UnitDirectorySchema.parse((await import('./data/units-demo.json')).default)
);

export async function loadLegalCatalog(): Promise<LegalCatalog> {
	return legalCatalog();
}

export async function loadDefaultTemplate(): Promise<Template> {
	return defaultTemplate();
}

export async function loadIndicatorSet(): Promise<IndicatorSet> {
	return indicatorSet();
}

export async function loadDemoUnits(): Promise<UnitDirectory> {
	return demoUnits();
}
