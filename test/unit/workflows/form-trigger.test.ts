/**
 * The shipped forms are served where their workflow says. n8n 2.41's Form Trigger (FormTriggerV2,
 * versions 2.2 and later) reads its URL's last segment from Options > Form Path (`options.path`);
 * the top-level `path` is shown only up to 2.1, so n8n drops it on load and serves the form at the
 * node's webhook id instead, a URL no patient or staff link names.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const FILES = fs.readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'));

interface FormTrigger {
	name: string;
	typeVersion: number;
	parameters: { path?: unknown; options?: { path?: unknown } };
}

const forms = FILES.flatMap((file) => {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as {
		nodes: Array<FormTrigger & { type: string }>;
	};
	return workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.formTrigger').map((node) => ({ file, node }));
});

describe('shipped Form Triggers', () => {
	it('there are some (the healing check and the task close form)', () => {
		expect(forms.map((f) => f.file)).toEqual(expect.arrayContaining(['healing-check.json', 'staff-tasks.json']));
	});

	it.each(forms.map((f) => [f.file, f.node.name, f.node] as const))(
		'%s "%s" keeps its path where its version reads it',
		(_file, _name, node) => {
			if (node.typeVersion >= 2.2) {
				expect(node.parameters.path).toBeUndefined();
				expect(node.parameters.options?.path).toMatch(/^[a-z0-9-]+$/);
			} else {
				expect(node.parameters.path).toMatch(/^[a-z0-9-]+$/);
			}
		},
	);

	it('no two forms share a path', () => {
		const paths = forms.map((f) => f.node.parameters.options?.path ?? f.node.parameters.path);
		expect(new Set(paths).size).toBe(paths.length);
	});
});
