/**
 * `npm test`: type checks, lint, unit tests, then the e2e suite against the production build.
 * Stops at the first failing step and says which one failed.
 */
import { execSync } from 'node:child_process';

const steps = [
	['type check (svelte-check)', 'npm run check'],
	['lint (prettier + eslint)', 'npm run lint'],
	['unit tests (vitest)', 'npm run test:unit'],
	['e2e tests (playwright, Debian chromium)', 'npm run test:e2e']
];

for (const [label, command] of steps) {
	console.log(`\n▶ ${label}`);
	try {
		execSync(command, { stdio: 'inherit' });
	} catch {
		console.error(`\n✖ ${label} failed`);
		process.exit(1);
	}
}
console.log('\n✔ all checks passed');
