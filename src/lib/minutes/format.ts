/**
 * Dates, times and numbers as an administrative document writes them (NĐ 30/2020): days below
 * 10 and the months January and February take a leading zero ("ngày 05 tháng 02 năm 2026",
 * "ngày 15 tháng 8 năm 2025"). Pure string work with no Intl, so Node and every browser print
 * the same characters and a re-rendered signed document does not drift.
 */

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VIETNAM_OFFSET_MINUTES = 7 * 60;

function parts(isoDate: string): { year: number; month: number; day: number } {
	const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
	return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const month = (m: number) => (m < 3 ? pad2(m) : String(m));

/** "ngày 05 tháng 3 năm 2026" */
export function longDate(isoDate: string): string {
	const { year, month: m, day } = parts(isoDate);
	return `ngày ${pad2(day)} tháng ${month(m)} năm ${year}`;
}

/** "05/3/2026" */
export function shortDate(isoDate: string): string {
	const { year, month: m, day } = parts(isoDate);
	return `${pad2(day)}/${month(m)}/${year}`;
}

/** "08:30" → "08 giờ 30 phút" */
export function clockTime(time: string): string {
	const [h, m] = time.split(':');
	return `${h} giờ ${m} phút`;
}

/** An ISO instant as Vietnam's wall clock: { date: "2025-08-15", time: "09:12" }. */
export function vietnamTime(isoDateTime: string): { date: string; time: string } {
	const shifted = new Date(Date.parse(isoDateTime) + VIETNAM_OFFSET_MINUTES * 60_000);
	const iso = shifted.toISOString();
	return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** Thousands with ".", decimals with "," and at most `decimals` of them: 1234.5 → "1.234,5". */
export function vnNumber(value: number, decimals = 1): string {
	const fixed = value.toFixed(decimals).replace(/\.?0+$/, '');
	const [whole = '0', fraction] = fixed.split('.');
	const negative = whole.startsWith('-');
	const digits = negative ? whole.slice(1) : whole;
	const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	return `${negative ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}

export function vnPercent(value: number): string {
	return `${vnNumber(value, 1)}%`;
}

/** "03": copies and document numbers below 10 take a leading zero. */
export function twoDigits(n: number): string {
	return pad2(n);
}

/** Capitals the Vietnamese way, kept NFC (upper-casing can decompose in some engines). */
export function upper(text: string): string {
	return text.toLocaleUpperCase('vi').normalize('NFC');
}

/** Decimal degrees to five places, about a metre: enough to find the board again. */
export function latLon(lat: number, lon: number): string {
	return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}
