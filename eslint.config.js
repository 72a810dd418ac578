import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Folder boundaries (docs/ARCHITECTURE.md): each message says where the code belongs instead. */
const boundary = (files, patterns) => ({
	files,
	rules: { 'no-restricted-imports': ['error', { patterns }] }
});
const noServer = {
	group: ['$lib/server', '$lib/server/*'],
	message: 'Server-only code: call it from a +server.ts route instead.'
};
const noDexie = {
	group: ['dexie', '$lib/db', '$lib/db/*'],
	message: 'IndexedDB access belongs in $lib/db (browser only).'
};
const noUi = {
	group: ['svelte', 'svelte/*', '$app/*', '$lib/components/*', '$lib/state/*'],
	message: 'Keep this layer framework-free; UI state lives in $lib/state, views in components.'
};

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'bench/out/',
			'reports/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			curly: ['error', 'multi-line'],
			'object-shorthand': 'error',
			'svelte/button-has-type': 'error',
			// Maps and Dates built inside $derived or a formatter are rebuilt on every run and never
			// mutated afterwards, so the reactive variants would add cost for nothing.
			'svelte/prefer-svelte-reactivity': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
			],
			'@typescript-eslint/ban-ts-comment': [
				'error',
				{ 'ts-expect-error': 'allow-with-description' }
			]
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte'],
		ignores: ['eslint.config.js', 'svelte.config.js'],
		languageOptions: {
			parserOptions: {
				// The service worker is excluded from Kit's tsconfig (it has webworker types).
				projectService: {
					allowDefaultProject: [
						'src/service-worker.ts',
						'playwright.config.ts',
						'playwright.stress.config.ts'
					]
				},
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { attributes: false } }
			],
			'@typescript-eslint/await-thenable': 'error'
		}
	},
	{
		files: ['src/**/*.svelte', 'src/**/*.svelte.ts'],
		rules: { 'svelte/no-navigation-without-resolve': 'off' }
	},
	boundary(
		['src/lib/domain/**'],
		[
			noServer,
			noDexie,
			noUi,
			{
				group: ['$lib/*', '!$lib/domain', '!$lib/domain/*'],
				message: 'domain/ imports only zod and itself.'
			}
		]
	),
	boundary(
		['src/lib/db/**'],
		[
			noServer,
			{
				group: ['$lib/sync/*', '$lib/state/*', '$lib/components/*'],
				message: 'db/ depends on domain/ only.'
			}
		]
	),
	boundary(
		['src/lib/i18n/**'],
		[
			noServer,
			noDexie,
			{ group: ['$lib/*', '!$lib/i18n/*'], message: 'i18n/ holds message tables only.' }
		]
	),
	boundary(
		['src/lib/photos/**'],
		[
			noServer,
			noDexie,
			noUi,
			{
				group: ['$lib/*', '!$lib/domain', '!$lib/domain/*', '!$lib/photos/*'],
				message: 'photos/ turns files into bytes and metadata; it imports domain/ only.'
			}
		]
	),
	boundary(
		['src/lib/sync/**'],
		[noServer, { group: ['$lib/components/*'], message: 'sync/ must not depend on views.' }]
	),
	boundary(
		['src/lib/sync/protocol.ts', 'src/lib/sync/merge.ts', 'src/lib/sync/merge-*.ts'],
		[
			noServer,
			noDexie,
			noUi,
			{
				group: ['$lib/*', '!$lib/domain', '!$lib/domain/*', '!$lib/sync/*'],
				message: 'The shared sync rules run on the server too: domain/ and sync/ only.'
			}
		]
	),
	boundary(
		['src/lib/minutes/**'],
		[
			noServer,
			noDexie,
			noUi,
			{
				group: ['$lib/*', '!$lib/domain', '!$lib/domain/*', '!$lib/minutes/*'],
				message:
					'minutes/ turns domain data into documents: it imports domain/ only; the route reads the data and passes it in.'
			}
		]
	),
	boundary(['src/lib/components/**'], [noServer, noDexie]),
	boundary(
		['src/lib/state/**'],
		[noServer, { group: ['$lib/components/*'], message: 'State must not depend on views.' }]
	),
	boundary(
		['src/lib/server/**', 'src/routes/api/**'],
		[
			noDexie,
			{
				group: ['svelte', 'svelte/*', '$lib/state/*', '$lib/components/*', '$lib/photos/*'],
				message: 'Server code uses domain/, sync/protocol and sync/merge only.'
			}
		]
	)
);
