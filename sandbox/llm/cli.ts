/**
 * Runs the OpenAI Chat Completions simulator (a scripted model) until Ctrl+C:
 *   cli [--port 30254] [--api-key sk-...] [--model gpt-4.1-mini ...]
 * The port also comes from CHAIRSIDE_LLM_PORT. Prints the Base URL and key for n8n's OpenAI credential.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_LLM } from './defaults';
import { startLlmSimulator } from './index';
import { closeOnSignal, runCli } from '../cli-run';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: process.env.CHAIRSIDE_LLM_PORT ?? String(SANDBOX_LLM.port) },
			'api-key': { type: 'string', default: SANDBOX_LLM.apiKey },
			model: { type: 'string', multiple: true, default: [...SANDBOX_LLM.models] },
		},
		strict: true,
	});
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port must be a port number, got "${values.port}"`);
	const sim = await startLlmSimulator({ port, apiKey: values['api-key'], models: values.model });
	console.log(`Chat model simulator: ${sim.baseUrl} (set it as the OpenAI credential's Base URL)`);
	console.log(`API key:  ${sim.apiKey}`);
	console.log(`Models:   ${sim.models.join(', ')} (turn "Use Responses API" off in the OpenAI Chat Model node)`);
	console.log(
		`Script:   POST ${sim.url}/_sim/script {"turns": [{"toolCall": {"name": "Find_openings", "args": {}}}, {"say": "..."}]}`,
	);
	console.log(`Requests: GET ${sim.url}/_sim/requests, tool results: GET ${sim.url}/_sim/tool-results. Ctrl+C stops.`);
	closeOnSignal(() => sim.close());
}

runCli(main);
