/**
 * UI strings. Vietnamese is the source of truth (vi.ts); en.ts must carry every key, which the
 * type checker enforces. The chosen language is remembered on this device.
 */
import { vi, type MessageKey } from './vi';

export type Locale = 'vi' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'kiem-tra.locale';
/** English loads when it is first chosen: most people never do, and the shell stays smaller. */
const tables: Record<Locale, Record<MessageKey, string> | null> = $state({ vi, en: null });

function loadEnglish(): void {
	if (tables.en) return;
	void import('./en').then(({ en }) => (tables.en = en));
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

export function translate(
	table: Record<MessageKey, string>,
	key: MessageKey,
	params?: Record<string, string | number>
): string {
	const template = table[key] ?? vi[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return translate(tables[locale.current] ?? vi, key, params);
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
