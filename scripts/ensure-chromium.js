/**
 * System tools the tests drive, from Debian's packages (a browser download cannot work on these
 * machines): Chromium for the e2e suite, poppler-utils (pdftotext, pdffonts, pdfimages) for the
 * checks on the minutes PDF. Installs what is missing with apt when we are root; otherwise says
 * what to do.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const onPath = (command) => {
	try {
		execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/bash' });
		return true;
	} catch {
		return false;
	}
};

const needed = [
	{ what: `Chromium at ${chromium}`, package: 'chromium', present: () => existsSync(chromium) },
	{ what: 'pdftotext', package: 'poppler-utils', present: () => onPath('pdftotext') }
];

const missing = needed.filter((tool) => !tool.present());
if (missing.length > 0) {
	const packages = missing.map((tool) => tool.package).join(' ');
	const isRoot = process.getuid?.() === 0;
	if (!isRoot) {
		console.error(
			`Missing: ${missing.map((tool) => tool.what).join(', ')}. Install: sudo apt-get install ${packages}`
		);
		process.exit(1);
	}
	console.log(
		`Missing: ${missing.map((tool) => tool.what).join(', ')}: installing Debian's ${packages} with apt-get (as root)…`
	);
	execSync(
		`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages}`,
		{ stdio: 'inherit', shell: '/bin/bash' }
	);
}
console.log(execSync(`${chromium} --version`).toString().trim());
console.log(execSync('pdftotext -v 2>&1', { shell: '/bin/bash' }).toString().split('\n')[0]);
