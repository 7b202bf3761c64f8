/**
 * Build: strict type-check, then one self-contained CommonJS bundle per node and credential
 * (n8n-workflow stays external: n8n provides it), then icons and codex files beside them.
 * The sandbox's command-line entries and the benchmarks are bundled to .build/; they never
 * ship (package.json "files" is dist/ only).
 */
const { series, parallel, src, dest } = require('gulp');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = __dirname;

function entries(dir, suffix) {
	// suffix matches the end of the file name: '.node.ts', or 'cli.ts' for command-line entries.
	const found = [];
	const walk = (d) => {
		if (!fs.existsSync(d)) return;
		for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
			const full = path.join(d, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith(suffix)) found.push(path.relative(root, full));
		}
	};
	walk(path.join(root, dir));
	return found;
}

function clean(done) {
	fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
	done();
}

function typecheck(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], {
		cwd: root,
		stdio: 'inherit',
	});
	done();
}

const shared = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	sourcemap: false,
	legalComments: 'none',
	logLevel: 'warning',
};

/**
 * Modules that must exist once per n8n process (core/state/process.ts: the single-instance locks)
 * or that only queue mode loads (core/state/postgres.ts: the one part that bundles a database
 * driver) are built as their own files in dist/state/; every node requires them from there.
 */
const SEPARATE = { 'core/state/process': 'state/process', 'core/state/postgres': 'state/postgres' };

const separateModules = {
	name: 'separate-modules',
	setup(build) {
		build.onResolve({ filter: /core\/state\/(process|postgres)$/ }, (args) => {
			const target = path.relative(root, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
			const out = SEPARATE[target];
			if (!out) return undefined;
			// Node bundles sit at dist/nodes/<Name>/<Name>.node.js.
			if (!args.importer.startsWith(path.join(root, 'nodes') + path.sep)) return undefined;
			return { path: `../../${out}.js`, external: true };
		});
	},
};

async function bundlePackage() {
	const points = [...entries('nodes', '.node.ts'), ...entries('credentials', '.credentials.ts')];
	await esbuild.build({
		...shared,
		entryPoints: points,
		outdir: 'dist',
		outbase: '.',
		external: ['n8n-workflow'],
		minifySyntax: true,
		plugins: [separateModules],
	});
	await esbuild.build({
		...shared,
		entryPoints: Object.fromEntries(Object.entries(SEPARATE).map(([source, out]) => [out, `${source}.ts`])),
		outdir: 'dist',
		// pg's optional native binding is never loaded (pg.native is not used).
		external: ['n8n-workflow', 'pg-native'],
		minifySyntax: true,
	});
}

async function bundleSandbox() {
	const points = [...entries('sandbox', 'cli.ts'), ...entries('bench', '.bench.ts')];
	if (!points.length) return;
	await esbuild.build({ ...shared, entryPoints: points, outdir: '.build', outbase: '.', sourcemap: 'inline' });
}

function assets() {
	return src(['nodes/**/*.{svg,png,node.json}', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.typecheck = typecheck;
exports.build = series(clean, typecheck, parallel(bundlePackage, bundleSandbox, assets));
exports.default = exports.build;
