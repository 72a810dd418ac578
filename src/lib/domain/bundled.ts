import type { IndicatorSet } from './indicator';
import type { LegalCatalog } from './legal';
import type { Template } from './template';
import type { UnitDirectory } from './unit';

/**
 * The data shipped with the app. Each file is a dynamic import, so it lands in its own chunk out
 * of the app shell. The files are validated by their schemas in bundled.spec.ts, which also
 * checks that they are already in canonical form (NFC, trimmed, defaults written out), so the
 * app uses them as they are and never loads the validation library just to read them.
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

const legalCatalog = once(
	async () => (await import('./data/legal-catalog.json')).default as LegalCatalog
);
const defaultTemplate = once(
	async () => (await import('./data/template-default.json')).default as Template
);
const indicatorSet = once(
	async () => (await import('./data/indicators.json')).default as IndicatorSet
);
const demoUnits = once(
	async () => (await import('./data/units-demo.json')).default as UnitDirectory
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
