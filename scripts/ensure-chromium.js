/**
 * The e2e suite drives Debian's Chromium (a browser download cannot work on these machines).
 * Installs it with apt when missing and we are root; otherwise says what to do.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(path)) {
	const isRoot = process.getuid?.() === 0;
	if (!isRoot) {
		console.error(`Chromium not found at ${path}. Install it: sudo apt-get install chromium`);
		process.exit(1);
	}
	console.log(
		`Chromium not found at ${path}: installing Debian's chromium with apt-get (as root)…`
	);
	execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
		stdio: 'inherit',
		shell: '/bin/bash'
	});
}
console.log(execSync(`${path} --version`).toString().trim());
