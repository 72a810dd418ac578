/**
 * Turns bench results into docs/BENCHMARKS.md (and a console summary). The file is regenerated on
 * every full run and passed through prettier here, so `npm run lint` stays green after a run.
 *
 * A bench result: { title, what, figures, tables?, notes? } where each figure is
 * { name, value, baseline, unit, goal: { text, maxRatio?, maxValue?, minRatio?, minValue? } | null }
 * and unit is one of UNITS: a cost (ms, B, count: less is better, goals say max) or a rate
 * (ops/s, MB/s: more is better, goals say min).
 */
import * as prettier from 'prettier';
import { ROOT } from './paths.js';

/** @param {number} value */
export function ms(value) {
	const digits = value < 1 ? 3 : value < 10 ? 2 : 1;
	return `${value.toFixed(digits)} ms`;
}

/**
 * kB = 1000 bytes: the stricter reading of a goal's "KB" (90 kB < 90 KiB), so a size goal met
 * here is met under either reading.
 * @param {number} bytes
 */
export function kb(bytes) {
	return `${(bytes / 1000).toFixed(1)} kB`;
}

/** @param {number} value */
export function opsPerSecond(value) {
	return `${Math.round(value).toLocaleString('en-US')} ops/s`;
}

/** @param {number} value MB (10⁶ bytes) per second */
export function mbPerSecond(value) {
	return `${value.toFixed(1)} MB/s`;
}

/** How each unit is shown, and whether more of it is better (a rate) or worse (a cost). */
const UNITS = {
	ms: { show: ms, rate: false },
	B: { show: kb, rate: false },
	count: { show: (/** @type {number} */ n) => String(n), rate: false },
	'ops/s': { show: opsPerSecond, rate: true },
	'MB/s': { show: mbPerSecond, rate: true }
};

/** @param {string} unit */
function unitOf(unit) {
	const known = UNITS[/** @type {keyof UNITS} */ (unit)];
	if (!known) throw new Error(`unknown unit ${unit}`);
	return known;
}

/**
 * @param {number} value
 * @param {string} unit
 */
function show(value, unit) {
	return unitOf(unit).show(value);
}

function ratioOf(figure) {
	return figure.value / figure.baseline;
}

/** A ratio to print: none when the baseline is 0 (a count of errors, say). */
function shownRatio(figure) {
	const ratio = ratioOf(figure);
	return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—';
}

/**
 * How far a figure is from its floor, in the direction of worse: the ratio for a cost, its
 * inverse for a rate. A count above a baseline of 0 is as bad as it gets; 0 of 0 is nothing.
 */
function costOf(figure) {
	const cost = unitOf(figure.unit).rate ? figure.baseline / figure.value : ratioOf(figure);
	if (Number.isNaN(cost)) return 0;
	return cost;
}

/** @returns {boolean | null} null when the figure has no goal */
function goalMet(figure) {
	const goal = figure.goal;
	if (!goal) return null;
	if (goal.maxRatio !== undefined && ratioOf(figure) > goal.maxRatio) return false;
	if (goal.maxValue !== undefined && figure.value > goal.maxValue) return false;
	if (goal.minRatio !== undefined && !(ratioOf(figure) >= goal.minRatio)) return false;
	if (goal.minValue !== undefined && !(figure.value >= goal.minValue)) return false;
	return true;
}

/** Slowest (farthest from its floor) first: that is where work pays off. */
function byRatio(results) {
	const worst = (r) => Math.max(...r.figures.map(costOf));
	return [...results].sort((a, b) => worst(b) - worst(a));
}

function allFigures(results) {
	return results.flatMap((r) => r.figures).sort((a, b) => costOf(b) - costOf(a));
}

function verdict(figure) {
	const met = goalMet(figure);
	return met === null ? '—' : met ? 'met' : '**not met**';
}

function table(head, rows) {
	const line = (cells) => `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
	return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderSummary(results) {
	return allFigures(results)
		.map((f) => {
			const goal = f.goal ? ` (goal ${f.goal.text}: ${goalMet(f) ? 'met' : 'NOT met'})` : '';
			return (
				`${f.name}: ${show(f.value, f.unit)} vs raw ${show(f.baseline, f.unit)} = ` +
				`${shownRatio(f)}${goal}`
			);
		})
		.join('\n');
}

/**
 * @param {any[]} results
 * @param {{ machine: any, seconds: number, date: Date }} run
 */
export async function renderReport(results, run) {
	const { machine } = run;
	const parts = [
		'# Benchmarks',
		'<!-- Written by `npm run bench` (scripts/bench.js): edit the benches, not this file. -->',
		'Speed is measured, not asserted. `npm run bench` builds what it needs into a temporary ' +
			'directory, runs every `bench/*.bench.js` in Debian’s Chromium against servers on ' +
			'127.0.0.1, and rewrites this file. Each figure stands next to a **raw baseline measured ' +
			'in the same run**: the floor under that path, with none of our code. The **ratio** ' +
			'(figure ÷ baseline) is what to compare between runs and machines; absolute values only ' +
			'compare with figures from the same machine. Figures are listed slowest first: highest ' +
			'ratio, or for a rate (operations/s, MB/s: higher is better) lowest. Unit tests never ' +
			'assert timings. `npm run bench -- <word>` runs only the benches whose file name ' +
			'contains the word and prints their report instead of writing this file; ' +
			'`npm run bench -- --keep` keeps the temporary builds.',
		`Last run: ${run.date.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
			`${Math.round(run.seconds)} s in all.`,
		'## Summary',
		table(
			['Figure', 'Value', 'Raw baseline', 'Ratio', 'Goal', 'Goal met'],
			allFigures(results).map((f) => [
				f.name,
				show(f.value, f.unit),
				show(f.baseline, f.unit),
				shownRatio(f),
				f.goal?.text ?? 'none set',
				verdict(f)
			])
		)
	];
	for (const result of byRatio(results)) {
		parts.push(`## ${result.title}`, result.what);
		parts.push(`Bench: \`bench/${result.file}\`.`);
		for (const t of result.tables ?? []) {
			if (t.caption) parts.push(t.caption);
			parts.push(table(t.head, t.rows));
		}
		if (result.notes?.length) parts.push(result.notes.map((n) => `- ${n}`).join('\n'));
	}
	parts.push(
		'## Machine',
		table(
			['', ''],
			[
				['CPU', machine.cpu],
				['Cores', machine.cores],
				['Memory', machine.memory],
				['OS', machine.os],
				['Node', machine.node],
				['Chromium', machine.chromium],
				...Object.entries(machine.packages).map(([name, version]) => [`\`${name}\``, version])
			]
		)
	);
	const config = (await prettier.resolveConfig(`${ROOT}/docs/BENCHMARKS.md`)) ?? {};
	// Markdown needs none of the repository's prettier plugins (svelte).
	delete config.plugins;
	delete config.overrides;
	return prettier.format(parts.join('\n\n') + '\n', { ...config, parser: 'markdown' });
}
