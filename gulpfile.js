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

async function bundlePackage() {
	const points = [...entries('nodes', '.node.ts'), ...entries('credentials', '.credentials.ts')];
	await esbuild.build({
		...shared,
		entryPoints: points,
		outdir: 'dist',
		outbase: '.',
		external: ['n8n-workflow'],
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
