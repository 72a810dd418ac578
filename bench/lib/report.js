/**
 * Turns bench results into docs/BENCHMARKS.md (and a console summary). The file is regenerated on
 * every full run and passed through prettier here, so `npm run lint` stays green after a run.
 *
 * A bench result: { title, what, figures, tables?, notes? } where each figure is
 * { name, value, baseline, unit: 'ms' | 'B', goal: { text, maxRatio?, maxValue? } | null }.
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

/**
 * @param {number} value
 * @param {string} unit 'B' or 'ms'
 */
function show(value, unit) {
	return unit === 'B' ? kb(value) : ms(value);
}

function ratioOf(figure) {
	return figure.value / figure.baseline;
}

/** @returns {boolean | null} null when the figure has no goal */
function goalMet(figure) {
	const goal = figure.goal;
	if (!goal) return null;
	if (goal.maxRatio !== undefined && ratioOf(figure) > goal.maxRatio) return false;
	if (goal.maxValue !== undefined && figure.value > goal.maxValue) return false;
	return true;
}

/** Slowest (highest ratio) first: that is where work pays off. */
function byRatio(results) {
	const worst = (r) => Math.max(...r.figures.map(ratioOf));
	return [...results].sort((a, b) => worst(b) - worst(a));
}

function allFigures(results) {
	return results.flatMap((r) => r.figures).sort((a, b) => ratioOf(b) - ratioOf(a));
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
				`${ratioOf(f).toFixed(2)}×${goal}`
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
			'compare with figures from the same machine. Figures are listed slowest (highest ratio) ' +
			'first. Unit tests never assert timings. `npm run bench -- <word>` runs only the benches ' +
			'whose file name contains the word and prints their report instead of writing this file; ' +
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
				`${ratioOf(f).toFixed(2)}×`,
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
