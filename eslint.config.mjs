/**
 * n8n's community-node lint rules: the same two plugins and rule sets as the config that
 * @n8n/node-cli ships (its cloud-compatible `config`), without node-cli's import-x layer,
 * whose native resolver cannot be installed from this registry with `npm ci`.
 *
 * Every source folder is linted, and the layers are rules, not habits (CONTRIBUTING.md):
 * core/ imports no n8n and nothing outside core/; nodes/ and credentials/ import no sandbox/,
 * test/ or bench/, and no node imports another node's folder (shared code lives in nodes/shared/).
 */
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { n8nNodesBase, n8nNodesBaseRules } from './scripts/n8n-rules.mjs';

const communityNodes = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores(['dist/**', '.build/**', '.demo/**', 'node_modules/**', '*.js', '*.mjs']),
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			// `const { a: _unused, ...rest } = x` drops a field on purpose.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [communityNodes],
		rules: {
			'no-console': 'error',
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '(^|/)(sandbox|test|bench)(/|$)',
							message: 'The package never ships the sandbox, tests or benchmarks.',
						},
						{
							regex: '^(\\.\\./)+[A-Z][A-Za-z]+/',
							caseSensitive: true,
							message: "A node does not import another node's folder: move shared code to nodes/shared/.",
						},
					],
				},
			],
		},
	},
	{
		files: ['core/**/*.ts'],
		rules: {
			'no-console': 'error',
			'no-restricted-imports': [
				'error',
				{
					paths: [{ name: 'n8n-workflow', message: 'core/ is plain TypeScript: n8n stays in nodes/.' }],
					patterns: [
						{ regex: '^n8n-', message: 'core/ is plain TypeScript: n8n stays in nodes/.' },
						{
							regex: '(^|/)(nodes|credentials|sandbox|test|bench)(/|$)',
							message: 'core/ depends on nothing outside core/.',
						},
					],
				},
			],
		},
	},
	{
		// Tests read protocol answers as untyped JSON on purpose: the shape is what they check.
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
	{
		files: ['sandbox/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '(^|/)(nodes|test|bench)(/|$)',
							message: 'The sandbox stands in for the outside world: it knows core/, not our nodes or tests.',
						},
					],
				},
			],
		},
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [communityNodes],
		rules: n8nNodesBaseRules.community,
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{ files: ['credentials/**/*.ts'], rules: n8nNodesBaseRules.credentials },
	{ files: ['nodes/**/*.ts'], rules: n8nNodesBaseRules.nodes },
);
