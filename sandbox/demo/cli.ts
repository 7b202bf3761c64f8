/**
 * `npm run demo`: a real n8n on http://127.0.0.1:5678 with Chairside installed as a community
 * package, the owner set up, every workflow in workflows/ imported and pointed at the sandbox
 * practice's exports. Ctrl+C stops it. State lives in .demo/ (delete it for a clean start).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { DEMO_OWNER, setupOwner } from '../n8n/owner';
import { N8nSandbox, REPO_ROOT } from '../n8n/runner';
import { prepareDemo } from './setup';
import { CREDENTIAL_NAMES } from '../n8n/credential-names';

const PORT = Number(process.env.CHAIRSIDE_DEMO_PORT ?? 5678);
const TIMEZONE = 'America/Chicago';
// The Open Dental Local API's own port, so the sandbox looks like a practice's workstation.
const OPEN_DENTAL_PORT = Number(process.env.CHAIRSIDE_OPENDENTAL_PORT ?? 30222);

async function main(): Promise<void> {
	const userFolder = path.join(REPO_ROOT, '.demo');
	fs.mkdirSync(userFolder, { recursive: true });
	const n8n = await N8nSandbox.create({ userFolder, env: { N8N_SECURE_COOKIE: 'false', GENERIC_TIMEZONE: TIMEZONE } });

	const today = DateTime.now().setZone(TIMEZONE).toISODate() as string;
	const { practice, exportsDir, workflows, openDental, nexHealth, twilio, gmail, sheets, llm, slack } =
		await prepareDemo(n8n, {
			today,
			timezone: TIMEZONE,
			openDentalPort: OPEN_DENTAL_PORT,
			n8nUrl: `http://127.0.0.1:${PORT}`,
		});
	console.log(`Sandbox practice: ${practice.patients.length} patients; exports in ${exportsDir}`);
	console.log(`Open Dental API (simulator): ${openDental.url} - credential "${CREDENTIAL_NAMES.openDentalApi}"`);
	console.log(
		`NexHealth API (simulator, a Dentrix practice): ${nexHealth.url} - credential "${CREDENTIAL_NAMES.nexHealthApi}"`,
	);
	console.log(
		`Twilio (simulator): ${twilio.url} - credential "${CREDENTIAL_NAMES.twilioSmsApi}"; sent texts: ${twilio.url}/sandbox/outbox`,
	);
	console.log(
		`Gmail (simulator): ${gmail.url} - credential "${CREDENTIAL_NAMES.chairsideGmailOAuth2Api}"; sent emails: ${gmail.url}/sandbox/outbox`,
	);
	console.log(
		`Slack (simulator): ${slack.url} - the front-desk webhook in credential "${CREDENTIAL_NAMES.chairsidePracticeApi}"; staff tasks posted: ${slack.url}/sandbox/posts`,
	);
	console.log(
		`Google Sheets (simulator): ${sheets.url} - credential "${CREDENTIAL_NAMES.chairsideGoogleSheetsOAuth2Api}"; the trend sheet: ${sheets.url}/sandbox/spreadsheets`,
	);
	console.log(
		`Chat model (scripted simulator): ${llm.url} - credential "${CREDENTIAL_NAMES.openAiApi}"; queue the model's turns with POST ${llm.url}/_sim/script`,
	);
	console.log(
		`Practice profile (Riverside Dental): credential "${CREDENTIAL_NAMES.chairsidePracticeApi}"; close links: "${CREDENTIAL_NAMES.chairsideTaskLinkApi}"; unsubscribe links: "${CREDENTIAL_NAMES.chairsideUnsubscribeApi}". Every workflow names each credential as n8n proposes it, so a practice's own are picked on import.`,
	);
	for (const workflow of workflows) console.log(`Imported workflow: ${workflow.name}`);

	const stop = async () => {
		console.log('\nStopping n8n...');
		await n8n.stop();
		await Promise.all([
			openDental.close(),
			nexHealth.close(),
			twilio.close(),
			gmail.close(),
			sheets.close(),
			llm.close(),
			slack.close(),
		]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	await n8n.start(PORT);
	await setupOwner(`http://127.0.0.1:${PORT}`);
	console.log(`
Chairside demo is running: http://127.0.0.1:${PORT}
  (127.0.0.1, not localhost: webhook URLs, and the Twilio signatures checked against them, are on 127.0.0.1)
  Login:    ${DEMO_OWNER.email}
  Password: ${DEMO_OWNER.password}
Open "Chairside: import a PMS treatment export" and press "Execute workflow".
Open "Chairside: treatment plan follow-up" and press "Execute workflow": the texts and emails it
sends are in the simulators' outboxes above; the journal is under Overview > Data tables.
Ctrl+C stops everything.`);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
