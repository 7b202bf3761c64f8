/**
 * core/ has no import cycles, type-only ones included: a cycle means two modules that are really
 * one, or a type in the wrong place. The other layer rules (no n8n in core/, no node importing
 * another's folder, no sandbox/ or test/ in the package) are lint rules (eslint.config.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const IMPORT = /^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms;

function modules(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return modules(full);
		return e.name.endsWith('.ts') ? [full] : [];
	});
}

function importsOf(file: string): string[] {
	return [...fs.readFileSync(file, 'utf8').matchAll(IMPORT)].flatMap((m) => {
		const target = path.resolve(path.dirname(file), m[1]);
		return [`${target}.ts`, path.join(target, 'index.ts')].filter((f) => fs.existsSync(f)).slice(0, 1);
	});
}

/** Each cycle once, as the files around it. */
function cycles(graph: Map<string, string[]>): string[][] {
	const found: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (file: string): void => {
		state.set(file, 'open');
		stack.push(file);
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)));
			else if (!state.has(next)) visit(next);
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of graph.keys()) if (!state.has(file)) visit(file);
	return found;
}

describe('layers', () => {
	it('core/ has no import cycles', () => {
		const graph = new Map(modules(path.join(ROOT, 'core')).map((f) => [f, importsOf(f)]));
		expect(graph.size).toBeGreaterThan(100);
		const rel = (f: string) => path.relative(ROOT, f);
		expect(cycles(graph).map((c) => c.map(rel).join(' -> '))).toEqual([]);
	});

	it('finds a cycle when there is one', () => {
		const graph = new Map([
			['a', ['b']],
			['b', ['c']],
			['c', ['a']],
			['d', ['a']],
		]);
		expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
	});
});
