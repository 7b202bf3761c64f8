/**
 * Every credential a shipped workflow references is named as n8n proposes when a practice creates
 * that credential, so a practice that keeps the proposed names connects each account once and
 * picks nothing on import (README, "Importing workflows"): n8n 2.41 resolves a reference whose id
 * it does not have by name and type (n8n dist/workflow-helpers.js, replaceInvalidCredentials).
 *
 * The proposed name, n8n 2.41.1's editor (n8n-editor-ui dist/assets/workflows.store-1K8xwhMX.js,
 * getNewCredentialName, upstream credentials store): the type's displayName without the words
 * API, OAuth1, OAuth2 and MCP, then " account" (a type outside its generic list: httpBasicAuth,
 * oAuth2Api, httpDigestAuth, oAuth1Api get "Unnamed credential"). The server only adds " 2" when
 * the name is taken (dist/services/naming.service.js).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ICredentialType } from 'n8n-workflow';
import { CREDENTIAL_NAMES } from '../../../sandbox/n8n/credential-names';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	n8n: { credentials: string[] };
};

/**
 * n8n's own types the workflows use, displayName as n8n-nodes-base 2.41.1 ships it
 * (dist/credentials/OpenAiApi.credentials.js, dist/credentials/HttpHeaderAuth.credentials.js).
 */
const N8N_DISPLAY_NAMES: Record<string, string> = {
	openAiApi: 'OpenAI',
	httpHeaderAuth: 'Header Auth',
};

/** Ours, from each credential's source (the ones package.json lists). */
const DISPLAY_NAMES: Record<string, string> = { ...N8N_DISPLAY_NAMES };
for (const built of pkg.n8n.credentials) {
	const source = path.join(ROOT, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(source) as Record<string, new () => ICredentialType>;
	for (const CredentialClass of Object.values(module)) {
		if (typeof CredentialClass !== 'function') continue;
		const { name, displayName } = new CredentialClass();
		DISPLAY_NAMES[name] = displayName;
	}
}

const GENERIC_WORDS = ['API', 'OAuth1', 'OAuth2', 'MCP'];
const proposedName = (displayName: string) =>
	`${displayName
		.split(' ')
		.filter((word) => !GENERIC_WORDS.includes(word))
		.join(' ')} account`;

interface WorkflowNode {
	name: string;
	credentials?: Record<string, { id: string | null; name: string }>;
}
const FILES = fs.readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'));
const REFERENCES = FILES.flatMap((file) => {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as {
		nodes: WorkflowNode[];
	};
	return workflow.nodes.flatMap((node) =>
		Object.entries(node.credentials ?? {}).map(([type, ref]) => ({ where: `${file}: ${node.name}`, type, ref })),
	);
});

describe('credential names in the shipped workflows', () => {
	it('reads the rule as n8n applies it', () => {
		expect(proposedName('Chairside Practice Profile API')).toBe('Chairside Practice Profile account');
		expect(proposedName('Chairside Gmail OAuth2 API')).toBe('Chairside Gmail account');
		expect(proposedName('OpenAI')).toBe('OpenAI account');
	});

	it('every reference names the credential as n8n proposes it for its type', () => {
		expect(REFERENCES.length).toBeGreaterThan(100);
		for (const { where, type, ref } of REFERENCES) {
			expect([where, type, type in DISPLAY_NAMES]).toEqual([where, type, true]);
			expect([where, type, ref.name]).toEqual([where, type, proposedName(DISPLAY_NAMES[type])]);
		}
	});

	it('the sandbox, the demo and the e2e harness create each credential under that same name', () => {
		for (const [type, name] of Object.entries(CREDENTIAL_NAMES)) {
			expect([type, name]).toEqual([type, proposedName(DISPLAY_NAMES[type])]);
		}
		for (const type of Object.keys(DISPLAY_NAMES)) expect(Object.keys(CREDENTIAL_NAMES)).toContain(type);
	});
});
