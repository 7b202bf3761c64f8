/**
 * One way to write a node (CONTRIBUTING "Add a node"): a node that runs on items hands its
 * operations to nodes/shared/router.ts, so its `execute` calls `route(...)` and the node file never
 * calls continueOnFail (the router owns it, with pairedItem and the unknown-operation error).
 * Trigger, webhook and poll nodes start runs rather than take items, and have no `execute`: exempt.
 */
import { readdirSync, readFileSync, existsSync } from 'fs';
import { join } from 'path';

const NODES = join(__dirname, '../../../nodes');

/**
 * Nodes still moving to the router, with who moves them. Empty is the goal; an entry that no longer
 * breaks the rule fails below, so the list cannot outlive the work.
 */
const PENDING: Record<string, string> = {};

/** The code without comments, so a comment that mentions continueOnFail or route( proves nothing. */
function code(source: string): string {
	return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** The body of a class method (`name(` ... `{ ... }`), or null when the class has none. */
function methodBody(source: string, name: string): string | null {
	const head = new RegExp(`^\\s*(?:async\\s+)?${name}\\s*\\(`, 'm').exec(source);
	if (!head) return null;
	const open = source.indexOf('{', source.indexOf(')', head.index));
	let depth = 0;
	for (let i = open; i < source.length; i++) {
		if (source[i] === '{') depth++;
		else if (source[i] === '}' && --depth === 0) return source.slice(open + 1, i);
	}
	throw new Error(`${name}: unbalanced braces`);
}

/** What keeps a node file from the one way to write a node; empty when it keeps to it. */
export function violations(source: string): string[] {
	const src = code(source);
	const execute = methodBody(src, 'execute');
	if (execute === null) {
		const starts = ['webhook', 'poll', 'trigger'].some((name) => methodBody(src, name) !== null);
		return starts ? [] : ['has no execute, webhook, poll or trigger method'];
	}
	const problems: string[] = [];
	if (!/\broute\s*\(/.test(execute)) problems.push('execute does not call route(...) from nodes/shared/router.ts');
	if (/\bcontinueOnFail\s*\(/.test(src)) problems.push('calls continueOnFail itself (route applies it)');
	return problems;
}

const nodeFiles = readdirSync(NODES, { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && existsSync(join(NODES, entry.name, `${entry.name}.node.ts`)))
	.map((entry) => entry.name);
const read = (name: string) => readFileSync(join(NODES, name, `${name}.node.ts`), 'utf8');

describe('one way to write a node', () => {
	it('finds the package nodes, those that run on items among them', () => {
		expect(nodeFiles.length).toBeGreaterThanOrEqual(10);
		expect(nodeFiles.filter((name) => methodBody(code(read(name)), 'execute') !== null).length).toBeGreaterThan(5);
	});

	it.each(nodeFiles.filter((name) => !(name in PENDING)))(
		'%s routes its items through route() (or starts runs)',
		(name) => {
			expect(violations(read(name))).toEqual([]);
		},
	);

	it('reads continueOnFail only in the router, in every file under nodes/ (actions too)', () => {
		const files = (readdirSync(NODES, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
		expect(files.length).toBeGreaterThan(50);
		const readers = files.filter((file) => /\bcontinueOnFail\s*\(/.test(code(readFileSync(join(NODES, file), 'utf8'))));
		expect(readers).toEqual([join('shared', 'router.ts')]);
	});

	const pending = Object.entries(PENDING);
	if (pending.length) {
		it.each(pending)('%s is still pending (%s): remove it from PENDING once it routes', (name) => {
			expect(nodeFiles).toContain(name);
			expect(violations(read(name))).not.toEqual([]);
		});
	}

	describe('the check itself', () => {
		const routed = `export class A implements INodeType {
	// continueOnFail() is the router's
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, { operations: OPERATIONS, readRun });
	}
}`;
		const handRolled = `export class B implements INodeType {
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			try { out.push(await run(this, i)); } catch (error) { if (!this.continueOnFail()) throw error; }
		}
		return [out];
	}
}`;
		const trigger = `export class C implements INodeType {
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [[{ json: {} }]] };
	}
}`;

		it('passes a node whose execute is route(...)', () => {
			expect(violations(routed)).toEqual([]);
		});

		it('flags a node that loops over items and applies continueOnFail itself', () => {
			expect(violations(handRolled)).toEqual([
				'execute does not call route(...) from nodes/shared/router.ts',
				'calls continueOnFail itself (route applies it)',
			]);
		});

		it('flags continueOnFail anywhere in the node file, even beside route()', () => {
			const helper = `${routed}\nfunction keepGoing(ctx: IExecuteFunctions) {\n\treturn ctx.continueOnFail();\n}`;
			expect(violations(helper)).toEqual(['calls continueOnFail itself (route applies it)']);
		});

		it('exempts trigger, webhook and poll nodes, and flags a node that runs nothing', () => {
			expect(violations(trigger)).toEqual([]);
			expect(violations('export class D implements INodeType {}')).toEqual([
				'has no execute, webhook, poll or trigger method',
			]);
		});
	});
});
