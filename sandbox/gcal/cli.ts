/**
 * Runs the Google Calendar simulator for the demo until Ctrl+C:
 *   cli [--port 30253] [--client-id ID] [--client-secret S] [--refresh-token T] [--scope URL ...]
 * The port also comes from CHAIRSIDE_CALENDAR_PORT. It holds SANDBOX_CALENDAR's calendar, empty.
 * Prints the API root, the token URL, the client and the calendar.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_CALENDAR } from './defaults';
import { CALENDAR_SCOPES, startCalendarSimulator } from './index';
import { closeOnSignal, runCli } from '../cli-run';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: process.env.CHAIRSIDE_CALENDAR_PORT ?? String(SANDBOX_CALENDAR.port) },
			'client-id': { type: 'string', default: SANDBOX_CALENDAR.clientId },
			'client-secret': { type: 'string', default: SANDBOX_CALENDAR.clientSecret },
			'refresh-token': { type: 'string', default: SANDBOX_CALENDAR.refreshToken },
			scope: { type: 'string', multiple: true, default: [CALENDAR_SCOPES.events, CALENDAR_SCOPES.freebusy] },
		},
		strict: true,
	});
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port must be a port number, got "${values.port}"`);
	const simulator = await startCalendarSimulator({
		clientId: values['client-id'],
		clientSecret: values['client-secret'],
		refreshToken: values['refresh-token'],
		scopes: values.scope,
		port,
	});
	console.log(`Google Calendar API simulator: ${simulator.url}/calendar/v3`);
	console.log(`Token URL:     ${simulator.tokenUrl}`);
	console.log(`Client ID:     ${values['client-id']}`);
	console.log(`Client secret: ${values['client-secret']}`);
	console.log(`Refresh token: ${values['refresh-token']}`);
	console.log(`Scopes:        ${values.scope.join(' ')}`);
	console.log(`Calendar:      ${SANDBOX_CALENDAR.calendarId} (${SANDBOX_CALENDAR.timeZone})`);
	console.log(`Contents: GET ${simulator.url}/sandbox/calendars. Ctrl+C stops.`);
	closeOnSignal(() => simulator.close());
}

runCli(main);
