/**
 * Runs the Gmail simulator for the demo until Ctrl+C:
 *   cli [--port 30251] [--client-id ID] [--client-secret S] [--refresh-token T] [--sender ADDRESS]
 *       [--scope URL ...] [--message-ids keep|replace]
 * The port also comes from CHAIRSIDE_GMAIL_PORT. Prints the API root, the token URL and the client.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_GMAIL } from './defaults';
import { GMAIL_SCOPES, startGmailSimulator } from './index';
import { closeOnSignal, runCli } from '../cli-run';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: process.env.CHAIRSIDE_GMAIL_PORT ?? String(SANDBOX_GMAIL.port) },
			'client-id': { type: 'string', default: SANDBOX_GMAIL.clientId },
			'client-secret': { type: 'string', default: SANDBOX_GMAIL.clientSecret },
			'refresh-token': { type: 'string', default: SANDBOX_GMAIL.refreshToken },
			sender: { type: 'string', default: SANDBOX_GMAIL.sender },
			scope: { type: 'string', multiple: true, default: [GMAIL_SCOPES.send] },
			'message-ids': { type: 'string', default: 'keep' },
		},
		strict: true,
	});
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port must be a port number, got "${values.port}"`);
	const messageIds = values['message-ids'];
	if (messageIds !== 'keep' && messageIds !== 'replace')
		throw new Error(`--message-ids must be keep or replace, got "${messageIds}"`);
	const simulator = await startGmailSimulator({
		clientId: values['client-id'],
		clientSecret: values['client-secret'],
		refreshToken: values['refresh-token'],
		sender: values.sender,
		scopes: values.scope,
		messageIds,
		port,
	});
	console.log(`Gmail API simulator: ${simulator.url}/gmail/v1 (mailbox ${values.sender})`);
	console.log(`Token URL:     ${simulator.tokenUrl}`);
	console.log(`Client ID:     ${values['client-id']}`);
	console.log(`Client secret: ${values['client-secret']}`);
	console.log(`Refresh token: ${values['refresh-token']}`);
	console.log(`Scopes:        ${values.scope.join(' ')}`);
	console.log(`Outbox: GET ${simulator.url}/sandbox/outbox. Ctrl+C stops.`);
	closeOnSignal(() => simulator.close());
}

runCli(main);
