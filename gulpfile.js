/**
 * Build: strict type-check, then one CommonJS bundle per node and credential (n8n-workflow stays
 * external: n8n provides it), the libraries several nodes use bundled once beside them, then icons
 * and codex files. Prints each bundle's size. The sandbox's command-line entries and the
 * benchmarks are bundled to .build/; they never ship (package.json "files" is dist/ only).
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

/**
 * Libraries, import name -> file: each bundled once as dist/lib/<file>.js (CommonJS, like a node
 * bundle) and required by relative path from every bundle that imports it, the way
 * dist/state/process.js is: n8n loads a node's file with Node's require, which resolves the
 * relative path from the bundle's folder. One copy of each also means one zod and one luxon per
 * process. A library file holds the whole library (no tree-shaking across files), so the console
 * calls in code paths Chairside never takes (libphonenumber-js's as-you-type cache, zod 4's JSON
 * Schema export) are dropped: n8n's community-node rules allow no console output.
 */
const SHARED_LIBRARIES = { luxon: 'luxon', zod: 'zod', 'zod/v4': 'zod-v4', 'libphonenumber-js': 'libphonenumber-js' };

/** The shared libraries, external, as a path from a bundle `up` folders below dist/ ("../.."). */
function sharedLibraries(up) {
	const names = new RegExp(`^(${Object.keys(SHARED_LIBRARIES).join('|')})$`);
	return {
		name: 'shared-libraries',
		setup(build) {
			build.onResolve({ filter: names }, (args) => ({
				path: `${up}/lib/${SHARED_LIBRARIES[args.path]}.js`,
				external: true,
			}));
		},
	};
}

/**
 * csv-parse's Parser extends Node's stream.Transform; core/pms-export/read.ts drives only the
 * parser core it wraps (`api`), never the stream, so the bundle gives it an empty base class
 * instead of requiring node:stream, which n8n's community-node rules refuse.
 */
const csvParseWithoutStream = {
	name: 'csv-parse-without-stream',
	setup(build) {
		build.onResolve({ filter: /^stream$/ }, (args) =>
			args.importer.split(path.sep).includes('csv-parse')
				? { path: 'stream', namespace: 'csv-parse-stream' }
				: undefined,
		);
		build.onLoad({ filter: /.*/, namespace: 'csv-parse-stream' }, () => ({
			contents: 'export class Transform {}',
			loader: 'js',
		}));
	},
};

async function bundlePackage() {
	const points = [...entries('nodes', '.node.ts'), ...entries('credentials', '.credentials.ts')];
	// One build per depth below dist/, so each knows its way to dist/lib (nodes sit at dist/nodes/<Name>/).
	const byDepth = new Map();
	for (const point of points) {
		const up = path
			.relative(path.join(root, 'dist', path.dirname(point)), path.join(root, 'dist'))
			.split(path.sep)
			.join('/');
		byDepth.set(up, [...(byDepth.get(up) ?? []), point]);
	}
	await Promise.all(
		[...byDepth].map(([up, entryPoints]) =>
			esbuild.build({
				...shared,
				entryPoints,
				outdir: 'dist',
				outbase: '.',
				external: ['n8n-workflow'],
				minifySyntax: true,
				plugins: [separateModules, sharedLibraries(up), csvParseWithoutStream],
			}),
		),
	);
	await esbuild.build({
		...shared,
		entryPoints: Object.fromEntries(Object.entries(SHARED_LIBRARIES).map(([name, file]) => [`lib/${file}`, name])),
		outdir: 'dist',
		minifySyntax: true,
		drop: ['console'],
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

/** Each shipped bundle's size, largest first, and the total: a library copied into every node shows here. */
function sizes(done) {
	const files = ['nodes', 'credentials', 'lib', 'state'].flatMap((dir) => entries(path.join('dist', dir), '.js'));
	const rows = files
		.map((file) => ({ file: path.relative('dist', file), kb: fs.statSync(path.join(root, file)).size / 1024 }))
		.sort((a, b) => b.kb - a.kb);
	const total = rows.reduce((sum, r) => sum + r.kb, 0);
	for (const r of rows) console.log(`${r.kb.toFixed(1).padStart(9)} KB  ${r.file}`);
	console.log(`${total.toFixed(1).padStart(9)} KB  total, ${rows.length} files`);
	done();
}

function assets() {
	return src(['nodes/**/*.{svg,png,node.json}', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports.typecheck = typecheck;
exports.sizes = sizes;
exports.build = series(clean, typecheck, parallel(bundlePackage, bundleSandbox, assets), sizes);
exports.default = exports.build;
