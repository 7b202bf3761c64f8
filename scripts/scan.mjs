/**
 * n8n's verification scan, run locally. `@n8n/scan-community-package` only takes a name published
 * on npm (it downloads the tarball and the source its provenance points at), so this script runs
 * the same ESLint config on what we would publish:
 * - the tarball leg: every .js file and package.json of `npm pack`'s tarball;
 * - the source leg: package.json and nodes/, credentials/ (*.js, *.ts, *.json) of this repo.
 * The config is scanner 0.32.0's buildScanConfig() (scanner/scanner.mjs), built here from our
 * devDependencies: @n8n/eslint-plugin-community-nodes `recommended` + no-console + the
 * eslint-plugin-n8n-nodes-base rulesets, inline `eslint-disable` comments ignored.
 *
 * Any error fails, as it fails the scanner; warnings (the scanner passes them) are printed. One
 * documented exception (README, "Verification"): dist/state/postgres.js, the queue-mode shared
 * state, bundles the `pg` driver, which uses process, timers, net/tls and the console; n8n loads it
 * only when a node runs with the Chairside Queue State credential. Only no-restricted-globals,
 * no-restricted-imports and no-console are excepted there, and only there; the count is printed.
 *
 * Usage: node scripts/scan.mjs (after the build; dist/ must exist).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';
import { n8nNodesBase, n8nNodesBaseRules } from './n8n-rules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The one exception: file (inside the tarball) -> the rules excepted there. */
const EXCEPTIONS = {
	'dist/state/postgres.js': [
		'@n8n/community-nodes/no-restricted-globals',
		'@n8n/community-nodes/no-restricted-imports',
		'no-console',
	],
};

/** scanner 0.32.0 buildScanConfig(), rule for rule. */
function scanConfig() {
	const parser = tseslint.parser;
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{ files: ['package.json'], rules: n8nNodesBaseRules.community },
		{ files: ['**/credentials/**/*.ts'], rules: n8nNodesBaseRules.credentials },
		{ files: ['**/nodes/**/*.ts'], rules: n8nNodesBaseRules.nodes },
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	);
}

/** Files under `dir` (relative paths) whose name passes `keep`, node_modules and package-lock.json left out as the scanner does. */
function walk(dir, keep, base = dir) {
	const found = [];
	if (!fs.existsSync(dir)) return found;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') found.push(...walk(full, keep, base));
		} else if (entry.name !== 'package-lock.json' && keep(path.relative(base, full).split(path.sep).join('/'))) {
			found.push(full);
		}
	}
	return found;
}

/** `npm pack` into a temporary folder, unpacked: exactly the files npm would publish. */
function packed() {
	const into = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-scan-'));
	// npm's notices (the file list) stay quiet; a failure still throws with them.
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', into], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [{ filename }] = JSON.parse(out);
	const dir = path.join(into, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', ['-xzf', path.join(into, path.basename(filename)), '-C', dir, '--strip-components=1']);
	return { into, dir };
}

/** ESLint's results; a rule that crashes on a file (the scanner then fails with "Analysis failed") is a finding of that file. */
async function lint(cwd, files) {
	const eslint = new ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: scanConfig() });
	try {
		return await eslint.lintFiles(files);
	} catch {
		const results = [];
		for (const file of files) {
			try {
				results.push(...(await eslint.lintFiles([file])));
			} catch (error) {
				const rule = error.ruleId ?? '(analysis failed)';
				results.push({
					filePath: file,
					messages: [
						{
							line: error.currentNode?.loc?.start?.line ?? 0,
							ruleId: rule,
							severity: 2,
							message: `the rule crashed: ${String(error.message).split('\n')[0]}`,
						},
					],
				});
			}
		}
		return results;
	}
}

function findings(results, cwd, leg) {
	return results.flatMap((r) =>
		r.messages.map((m) => ({
			leg,
			file: path.relative(cwd, r.filePath).split(path.sep).join('/'),
			line: m.line,
			rule: m.ruleId ?? '(parse)',
			severity: m.severity === 2 ? 'error' : 'warning',
			message: m.message,
		})),
	);
}

function count(list, key) {
	const by = new Map();
	for (const f of list) by.set(key(f), (by.get(key(f)) ?? 0) + 1);
	return [...by.entries()].sort((a, b) => b[1] - a[1]);
}

async function main() {
	const pack = packed();
	try {
		const tarball = walk(pack.dir, (rel) => rel.endsWith('.js') || rel === 'package.json');
		const source = walk(
			root,
			(rel) => rel === 'package.json' || (/^(nodes|credentials)\//.test(rel) && /\.(js|ts|json)$/.test(rel)),
		);
		const all = [
			...findings(await lint(pack.dir, tarball), pack.dir, 'tarball'),
			...findings(await lint(root, source), root, 'source'),
		];
		const excepted = all.filter((f) => f.leg === 'tarball' && EXCEPTIONS[f.file]?.includes(f.rule));
		const errors = all.filter((f) => f.severity === 'error' && !excepted.includes(f));
		const warnings = all.filter((f) => f.severity === 'warning' && !excepted.includes(f));
		const line = (f) => `  ${f.leg}: ${f.file}:${f.line} ${f.rule}: ${f.message}`;

		console.log(
			`n8n scan rules (scan-community-package 0.32.0 config): ${tarball.length} tarball files, ${source.length} source files`,
		);
		for (const [file, n] of count(excepted, (f) => f.file)) {
			console.log(
				`  documented exception: ${file}, ${n} findings (${EXCEPTIONS[file].map((r) => r.split('/').pop()).join(', ')}; the pg driver, queue mode only)`,
			);
		}
		if (warnings.length) {
			console.log(`\n${warnings.length} warnings (the scanner passes these):`);
			for (const f of warnings) console.log(line(f));
		}
		if (errors.length) {
			console.log(`\n${errors.length} findings by file:`);
			for (const [file, n] of count(errors, (f) => `${f.leg}: ${f.file}`))
				console.log(`  ${String(n).padStart(5)}  ${file}`);
			console.log('by rule:');
			for (const [rule, n] of count(errors, (f) => f.rule)) console.log(`  ${String(n).padStart(5)}  ${rule}`);
			const shown = process.env.SCAN_ALL ? errors : errors.slice(0, 100);
			console.log(`${shown.length === errors.length ? 'all' : `first ${shown.length} (SCAN_ALL=1 for all)`}:`);
			for (const f of shown) console.log(line(f));
		}
		const legs = ['tarball', 'source'].map((leg) => `${errors.filter((f) => f.leg === leg).length} ${leg}`).join(', ');
		console.log(
			`\n${errors.length} findings (${legs})${excepted.length ? ` + ${excepted.length} in the documented exception` : ''}, ${warnings.length} warnings`,
		);
		process.exitCode = errors.length ? 1 : 0;
	} finally {
		fs.rmSync(pack.into, { recursive: true, force: true });
	}
}

await main();
