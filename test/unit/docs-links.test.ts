/**
 * Every link n8n shows for a node or a credential ("Docs", the credential's help link) points at a
 * heading of README.md that exists: the codex files' primaryDocumentation/credentialDocumentation
 * and each credential's documentationUrl, checked against README's headings as GitHub anchors them.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const README_URL = 'https://github.com/chairside/n8n-nodes-chairside';

/** GitHub's heading anchor: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
export function anchorOf(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[`*_]{1,2}([^`*_]+)[`*_]{1,2}/g, '$1')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** The anchors README.md offers: its headings (outside code blocks, repeats numbered as GitHub does) and explicit ids. */
function readmeAnchors(): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		if (fenced) continue;
		const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
		if (heading) {
			const base = anchorOf(heading[1]);
			const n = seen.get(base) ?? 0;
			seen.set(base, n + 1);
			anchors.add(n ? `${base}-${n}` : base);
		}
		for (const id of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id[1]);
	}
	return anchors;
}

function files(dir: string, suffix: string): string[] {
	const found: string[] = [];
	const walk = (d: string) => {
		for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
			const full = path.join(d, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith(suffix)) found.push(full);
		}
	};
	walk(path.join(ROOT, dir));
	return found;
}

/** [file, url] for every documentation link of a node's codex or a credential. */
function documentationLinks(): Array<[string, string]> {
	const links: Array<[string, string]> = [];
	for (const file of files('nodes', '.node.json')) {
		const codex = JSON.parse(fs.readFileSync(file, 'utf8')) as { resources?: Record<string, Array<{ url: string }>> };
		for (const list of Object.values(codex.resources ?? {}))
			for (const { url } of list) links.push([path.relative(ROOT, file), url]);
	}
	for (const file of files('credentials', '.credentials.ts')) {
		const url = /documentationUrl\s*=\s*'([^']+)'/.exec(fs.readFileSync(file, 'utf8'))?.[1];
		links.push([path.relative(ROOT, file), url ?? '(no documentationUrl)']);
	}
	return links;
}

describe('documentation links', () => {
	it('anchors headings as GitHub does', () => {
		expect(anchorOf('PMS (Open Dental)')).toBe('pms-open-dental');
		expect(anchorOf('Treatment Coordinator (and the AI coordinator)')).toBe(
			'treatment-coordinator-and-the-ai-coordinator',
		);
		expect(anchorOf('Where the state lives, and why')).toBe('where-the-state-lives-and-why');
		expect(anchorOf('NexHealth (Dentrix, Eaglesoft)')).toBe('nexhealth-dentrix-eaglesoft');
	});

	it("every node's and credential's documentation link lands on a README heading", () => {
		const anchors = readmeAnchors();
		const links = documentationLinks();
		expect(links.length).toBeGreaterThanOrEqual(17);
		const broken = links.filter(([, url]) => {
			const [base, anchor] = url.split('#');
			return base !== README_URL || !anchor || !anchors.has(anchor);
		});
		expect(broken.map(([file, url]) => `${file}: ${url}`)).toEqual([]);
	});
});
