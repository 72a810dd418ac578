/**
 * UI strings. Vietnamese is the source of truth (vi.ts); en.ts must carry every key, which the
 * type checker enforces. The chosen language is remembered on this device. The strings of the
 * screens behind the home screen (areas-*.ts: an inspection's tabs, administration,
 * verification) load with those screens (`loadAreas` in their load functions), keeping the app
 * shell small.
 */
import type { AreaKey } from './areas-vi';
import { vi, type MessageKey as CoreKey } from './vi';

export type Locale = 'vi' | 'en';
export type MessageKey = CoreKey | AreaKey;
type Table = Partial<Record<MessageKey, string>>;

const STORAGE_KEY = 'kiem-tra.locale';
/** English loads when it is first chosen: most people never do, and the shell stays smaller. */
const tables: Record<Locale, Table | null> = $state({ vi, en: null });
const areas: Record<Locale, Table | null> = $state({ vi: null, en: null });
let areasWanted = false;

function loadEnglish(): void {
	if (!tables.en) void import('./en').then(({ en }) => (tables.en = en));
	if (areasWanted && !areas.en) void import('./areas-en').then((m) => (areas.en = m.areasEn));
}

/** The strings of the rarely opened screens; resolves once they can be shown. */
export async function loadAreas(): Promise<void> {
	areasWanted = true;
	const [viAreas, enAreas] = await Promise.all([
		areas.vi ? null : import('./areas-vi'),
		areas.en || locale.current !== 'en' ? null : import('./areas-en')
	]);
	if (viAreas) areas.vi = viAreas.areasVi;
	if (enAreas) areas.en = enAreas.areasEn;
}

function initialLocale(): Locale {
	try {
		return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
	} catch {
		return 'vi';
	}
}

class LocaleState {
	#current = $state<Locale>(initialLocale());

	constructor() {
		if (this.#current === 'en') loadEnglish();
	}

	get current(): Locale {
		return this.#current;
	}

	set(next: Locale): void {
		if (next === 'en') loadEnglish();
		this.#current = next;
		try {
			globalThis.localStorage?.setItem(STORAGE_KEY, next);
		} catch {
			// Private mode may refuse storage; the choice then lasts for this session only.
		}
		if (typeof document !== 'undefined') document.documentElement.lang = next;
	}
}

export const locale = new LocaleState();

export function t(key: MessageKey, params?: Record<string, string | number>): string {
	const l = locale.current;
	const template =
		tables[l]?.[key] ?? areas[l]?.[key] ?? vi[key as CoreKey] ?? areas.vi?.[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

export function formatDate(iso: string | null | undefined): string {
	if (!iso) return '—';
	const [y, m, d] = iso.slice(0, 10).split('-');
	if (!y || !m || !d) return iso;
	return locale.current === 'vi' ? `${d}/${m}/${y}` : `${y}-${m}-${d}`;
}

export function formatTime(iso: string | Date): string {
	const date = typeof iso === 'string' ? new Date(iso) : iso;
	return date.toLocaleTimeString(locale.current === 'vi' ? 'vi-VN' : 'en-GB', {
		hour: '2-digit',
		minute: '2-digit'
	});
}

export function formatDateTime(iso: string): string {
	return new Date(iso).toLocaleString(locale.current === 'vi' ? 'vi-VN' : 'en-GB');
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	return n.toLocaleString(locale.current === 'vi' ? 'vi-VN' : 'en-GB', {
		maximumFractionDigits: digits,
		minimumFractionDigits: 0
	});
}

export function formatBytes(n: number | null | undefined): string {
	if (n === null || n === undefined) return '—';
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let i = 0;
	let v = n;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${formatNumber(v, i === 0 ? 0 : 1)} ${units[i]}`;
}
