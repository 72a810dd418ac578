/**
 * `npm test`: type checks, lint, the system tools the tests drive, unit tests, then the e2e suite
 * against the production build.
 * Stops at the first failing step and says which one failed; ends with one plain count line.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const steps = [
	['type check (svelte-check)', 'npm run check'],
	['lint (prettier + eslint)', 'npm run lint'],
	// The minutes PDF specs read the sample with poppler-utils; CI machines start without it.
	['system tools (chromium, poppler-utils)', 'node scripts/ensure-chromium.js'],
	['unit tests (vitest)', 'npm run test:unit'],
	['e2e tests (playwright, Debian chromium)', 'npm run test:e2e'],
	['stress sample (tests/stress, seeded; the full counts: npm run stress)', 'npm run test:stress']
];

rmSync('reports', { recursive: true, force: true });

function counts() {
	let passed = 0;
	let failed = 0;
	if (existsSync('reports/unit.json')) {
		const unit = JSON.parse(readFileSync('reports/unit.json', 'utf8'));
		passed += unit.numPassedTests;
		failed += unit.numFailedTests;
	}
	for (const file of ['reports/e2e.json', 'reports/stress.json']) {
		if (!existsSync(file)) continue;
		const run = JSON.parse(readFileSync(file, 'utf8'));
		passed += run.stats.expected + run.stats.flaky;
		failed += run.stats.unexpected;
	}
	return `${passed} passed, ${failed} failed`;
}

for (const [label, command] of steps) {
	console.log(`\n▶ ${label}`);
	try {
		execSync(command, { stdio: 'inherit' });
	} catch {
		console.error(`\n✖ ${label} failed`);
		console.log(counts());
		process.exit(1);
	}
}
console.log('\n✔ all checks passed');
console.log(counts());
