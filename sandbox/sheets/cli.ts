/**
 * Runs the Google Sheets simulator for the demo until Ctrl+C:
 *   cli [--port 30252] [--client-id ID] [--client-secret S] [--refresh-token T] [--scope URL ...]
 * The port also comes from CHAIRSIDE_SHEETS_PORT. It holds SANDBOX_SHEETS' spreadsheet with an
 * empty "Weekly" tab. Prints the API root, the token URL, the client and the spreadsheet.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_SHEETS } from './defaults';
import { SHEETS_SCOPES, startSheetsSimulator } from './index';
import { closeOnSignal, runCli } from '../cli-run';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: process.env.CHAIRSIDE_SHEETS_PORT ?? String(SANDBOX_SHEETS.port) },
			'client-id': { type: 'string', default: SANDBOX_SHEETS.clientId },
			'client-secret': { type: 'string', default: SANDBOX_SHEETS.clientSecret },
			'refresh-token': { type: 'string', default: SANDBOX_SHEETS.refreshToken },
			scope: { type: 'string', multiple: true, default: [SHEETS_SCOPES.spreadsheets] },
		},
		strict: true,
	});
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port must be a port number, got "${values.port}"`);
	const simulator = await startSheetsSimulator({
		clientId: values['client-id'],
		clientSecret: values['client-secret'],
		refreshToken: values['refresh-token'],
		scopes: values.scope,
		port,
	});
	console.log(`Google Sheets API simulator: ${simulator.url}/v4/spreadsheets`);
	console.log(`Token URL:     ${simulator.tokenUrl}`);
	console.log(`Client ID:     ${values['client-id']}`);
	console.log(`Client secret: ${values['client-secret']}`);
	console.log(`Refresh token: ${values['refresh-token']}`);
	console.log(`Scopes:        ${values.scope.join(' ')}`);
	console.log(`Spreadsheet:   ${SANDBOX_SHEETS.spreadsheetId}, tab "${SANDBOX_SHEETS.sheet}"`);
	console.log(`Contents: GET ${simulator.url}/sandbox/spreadsheets. Ctrl+C stops.`);
	closeOnSignal(() => simulator.close());
}

runCli(main);
