/**
 * Runs the Twilio simulator for the demo until Ctrl+C:
 *   cli [--port 30250] [--account-sid AC...] [--auth-token T] [--api-key-sid SK...] [--api-key-secret S]
 *       [--messaging-service-sid MG...] [--phone-number +15125550100 ...] [--status-delay-ms 0]
 * The port also comes from CHAIRSIDE_TWILIO_PORT. Prints the base URL and the credential to use.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_TWILIO } from './defaults';
import { startTwilioSimulator } from './index';
import { closeOnSignal, runCli } from '../cli-run';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: process.env.CHAIRSIDE_TWILIO_PORT ?? String(SANDBOX_TWILIO.port) },
			'account-sid': { type: 'string', default: SANDBOX_TWILIO.accountSid },
			'auth-token': { type: 'string', default: SANDBOX_TWILIO.authToken },
			'api-key-sid': { type: 'string', default: SANDBOX_TWILIO.apiKeySid },
			'api-key-secret': { type: 'string', default: SANDBOX_TWILIO.apiKeySecret },
			'messaging-service-sid': { type: 'string', default: SANDBOX_TWILIO.messagingServiceSid },
			'phone-number': { type: 'string', multiple: true, default: [SANDBOX_TWILIO.phoneNumber] },
			'status-delay-ms': { type: 'string', default: '0' },
		},
		strict: true,
	});
	const port = Number(values.port);
	const statusDelayMs = Number(values['status-delay-ms']);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port must be a port number, got "${values.port}"`);
	if (!Number.isFinite(statusDelayMs) || statusDelayMs < 0)
		throw new Error(`--status-delay-ms must be a number of milliseconds, got "${values['status-delay-ms']}"`);
	const simulator = await startTwilioSimulator({
		accountSid: values['account-sid'],
		authToken: values['auth-token'],
		apiKeys: [{ sid: values['api-key-sid'], secret: values['api-key-secret'] }],
		messagingServiceSid: values['messaging-service-sid'],
		phoneNumbers: values['phone-number'],
		statusDelayMs,
		port,
	});
	console.log(`Twilio simulator: ${simulator.url} (set it as the credential's Base URL)`);
	console.log(`Account SID:       ${values['account-sid']}`);
	console.log(`Auth Token:        ${values['auth-token']}`);
	console.log(`API key:           ${values['api-key-sid']} / ${values['api-key-secret']}`);
	console.log(`Messaging Service: ${values['messaging-service-sid']}; numbers ${values['phone-number'].join(', ')}`);
	console.log(`Outbox: GET ${simulator.url}/sandbox/outbox`);
	console.log(
		`Patient reply: POST ${simulator.url}/sandbox/inbound {"webhookUrl": "...", "from": "+1...", "body": "STOP"}. Ctrl+C stops.`,
	);
	closeOnSignal(() => simulator.close());
}

runCli(main);
