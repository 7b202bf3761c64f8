/** Workflows for the n8n benchmarks, written as nodes and links, and the GET that starts them. */
import http from 'node:http';
import type { WorkflowJson } from '../sandbox/n8n/runner';

/** The versions of n8n's own nodes the benchmarks use. */
const VERSIONS: Record<string, number> = {
	'n8n-nodes-base.set': 3.4,
	'n8n-nodes-base.if': 2.2,
	'n8n-nodes-base.switch': 3.2,
	'n8n-nodes-base.code': 2,
	'n8n-nodes-base.merge': 3.2,
};

export const node = (
	name: string,
	type: string,
	parameters: Record<string, unknown>,
	x: number,
	y = 0,
	extra: Record<string, unknown> = {},
) => ({
	name,
	type,
	typeVersion: VERSIONS[type] ?? 1,
	position: [x, y],
	parameters,
	...extra,
});
export type BenchNode = ReturnType<typeof node>;

export const link = (from: string, to: string, output = 0, input = 0) => ({ from, to, output, input });
export type BenchLink = ReturnType<typeof link>;

/** Nothing saved: the database write of the benchmark's items would dominate every side equally. */
export function workflow(
	name: string,
	nodes: BenchNode[],
	links: BenchLink[],
	settings: Record<string, unknown> = {},
): WorkflowJson {
	const connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }> = {};
	for (const l of links) {
		const main = (connections[l.from] ??= { main: [] }).main;
		while (main.length <= l.output) main.push([]);
		main[l.output].push({ node: l.to, type: 'main', index: l.input });
	}
	return {
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveManualExecutions: false, ...settings },
	};
}

/**
 * The Chairside Practice Profile the benchmarks' Chairside nodes read (import it with
 * N8nSandbox.importCredentials before the workflows; `practiceCredentials` goes on each node).
 */
export function practiceProfile(zone: string): Record<string, unknown> {
	return {
		id: 'chairsidebenchprof',
		name: 'Practice Profile (bench)',
		type: 'chairsidePracticeApi',
		data: {
			practiceName: 'Riverside Dental',
			phone: '(512) 555-0100',
			address: '100 Main St',
			timeZone: zone,
			bookingLink: 'https://book.example/now',
			providerNames: 'DOC1=Dr. Rivera',
		},
	};
}
export const practiceCredentials = {
	chairsidePracticeApi: { id: 'chairsidebenchprof', name: 'Practice Profile (bench)' },
};

/** A GET without a client-side timeout: fetch gives up after 300 s without headers, and the chain at 10,000 items can take longer. */
export function get(url: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		http
			.get(url, (res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (body += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
			})
			.on('error', reject);
	});
}
