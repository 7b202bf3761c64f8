/**
 * The journey and report workflows pointed at the sandbox: the sandbox practice's Chairside
 * Practice Profile (every Chairside node's facts, zone and send window), Twilio/Gmail/Sheets
 * credentials for the loopback simulators, and where reports go.
 * Shared by `npm run demo` and the end-to-end tests so both run the same configuration.
 */
import type { WorkflowJson } from '../n8n/runner';
import { SANDBOX_GMAIL } from '../gmail/defaults';
import { googleCredential } from '../google/credential';
import { SANDBOX_SHEETS } from '../sheets/defaults';
import type { Practice } from '../practice/types';
import { CREDENTIAL_NAMES } from '../n8n/credential-names';

export const TWILIO_CREDENTIAL = { id: 'chairsidetwilsbx', name: CREDENTIAL_NAMES.twilioSmsApi };
export const GMAIL_CREDENTIAL = { id: 'chairsidegmailsbx', name: CREDENTIAL_NAMES.chairsideGmailOAuth2Api };

/** The sandbox practice's name, links and its dentists' names as patients know them. */
export function practiceProfile(practice: Practice): Record<string, string> {
	const dentists = practice.providers.filter((p) => !p.IsHygienist);
	return {
		name: 'Riverside Dental',
		phone: '(512) 555-0100',
		address: '100 Congress Ave, Austin, TX 78701',
		bookingLink: 'https://book.riverside-dental.example/online',
		defaultProvider: 'your dentist',
		providerNames: dentists.map((p) => `${p.Abbr}=Dr. ${p.LName}`).join(', '),
	};
}

/** The practice owner's inbox in the sandbox: where the weekly report goes. */
export const SANDBOX_OWNER_EMAIL = 'owner@riverside-dental.example';
/** The treatment coordinator's inbox: healing-check escalations. */
export const SANDBOX_COORDINATOR_EMAIL = 'coordinator@riverside-dental.example';

/** Whether a workflow needs the practice's details (runs a journey, hears its replies, or reports to the owner). */
export const isJourney = (w: WorkflowJson) =>
	w.nodes.some(
		(n) =>
			(n.type === 'n8n-nodes-chairside.cadenceStep' && n.parameters.operation === 'decide') ||
			n.type === 'n8n-nodes-chairside.patientReplyTrigger' ||
			n.type === 'n8n-nodes-chairside.practiceReport' ||
			n.type === 'n8n-nodes-chairside.healingCheck' ||
			n.type === 'n8n-nodes-chairside.bookingConversation',
	);

/**
 * A copy pointed at the sandbox's inboxes and sheet. The practice's details and zone are the
 * profile credential's (staffCredentials), as in a practice's n8n: `_profile` and `_timezone` are
 * no longer read, and stay only so callers written before the profile keep compiling.
 */
export function configureJourney(
	workflow: WorkflowJson,
	_profile?: Record<string, string>,
	_timezone?: string,
): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	// The shipped journeys keep only failed executions (each tick's items would fill n8n's history);
	// the sandbox keeps them all: the tests check every tick's status, and the demo shows each run.
	copy.settings = { ...(copy.settings as object), saveDataSuccessExecution: 'all' };
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-chairside.practiceReport') {
			if (node.parameters.operation === 'alert') node.parameters.staffTo = SANDBOX_COORDINATOR_EMAIL;
			else {
				const where =
					node.parameters.operation === 'email'
						? { to: SANDBOX_OWNER_EMAIL }
						: { spreadsheetId: SANDBOX_SHEETS.spreadsheetId };
				node.parameters = { ...node.parameters, ...where };
			}
		}
	}
	return copy;
}

/**
 * The practice profile every shipped workflow names: n8n's own name for a new credential of the
 * type (sandbox/n8n/credential-names.ts), so a practice that creates its profile and keeps that name gets
 * it picked on import. n8n 2.41 resolves a credential reference by id, then (no such id) by name
 * and type when exactly one credential in the project has it (workflow-helpers.js,
 * replaceInvalidCredentials, on `import:workflow` and on saving an imported workflow).
 */
export const PRACTICE_CREDENTIAL = { id: 'chairsidepracticesbx', name: CREDENTIAL_NAMES.chairsidePracticeApi };
/** The sandbox's own profile has another id, as a practice's would: every import finds it by name. */
export const SANDBOX_PROFILE_ID = 'riversideprofile';
export const TASK_LINKS_CREDENTIAL = { id: 'chairsidetasklinks', name: CREDENTIAL_NAMES.chairsideTaskLinkApi };
/** The front desk's inbox in the sandbox: staff tasks and the morning list. */
export const SANDBOX_FRONT_DESK_EMAIL = 'frontdesk@riverside-dental.example';
/** The office manager's inbox: tasks nobody closed in time. */
export const SANDBOX_MANAGER_EMAIL = 'manager@riverside-dental.example';
/** The front desk's mobile: a number no test patient or test texter has, so a text to it is only ever staff's. */
export const SANDBOX_FRONT_DESK_MOBILE = '+15125550190';
/** Not a secret: the sandbox's close links are signed with it. */
export const SANDBOX_TASK_LINK_SECRET = 'chairside-sandbox-task-link-secret-not-for-production-0001';

/**
 * The practice profile (staff channels: the front desk's inbox in the Gmail simulator, a Slack
 * incoming webhook when the Slack simulator gives one, the front desk's mobile in the Twilio
 * simulator) and the secret close links are signed with.
 */
export function staffCredentials(options: {
	zone: string;
	slackWebhookUrl?: string;
	practice?: Practice;
}): Array<Record<string, unknown>> {
	const details = options.practice ? practiceProfile(options.practice) : null;
	return [
		{
			id: SANDBOX_PROFILE_ID,
			name: PRACTICE_CREDENTIAL.name,
			type: 'chairsidePracticeApi',
			data: {
				practiceName: 'Riverside Dental',
				phone: '(512) 555-0100',
				address: '100 Congress Ave, Austin, TX 78701',
				timeZone: options.zone,
				businessHours: 'Mon-Fri 08:00-17:00',
				bookingLink: 'https://book.riverside-dental.example/online',
				// The review request workflow points here (without it, it stops and says so).
				reviewLink: 'https://g.page/r/riverside-dental-example/review',
				defaultProvider: 'your dentist',
				providerNames: details?.providerNames ?? '',
				sendWindowStart: '08:00',
				sendWindowEnd: '20:00',
				maxPerDay: 1,
				maxPerWeek: 3,
				smsConsentWhenUnknown: 'not_recorded',
				staffEmail: SANDBOX_FRONT_DESK_EMAIL,
				staffSlackWebhookUrl: options.slackWebhookUrl ?? '',
				staffMobile: SANDBOX_FRONT_DESK_MOBILE,
				escalationEmail: SANDBOX_MANAGER_EMAIL,
			},
		},
		{
			...TASK_LINKS_CREDENTIAL,
			type: 'chairsideTaskLinkApi',
			data: { secret: SANDBOX_TASK_LINK_SECRET, validDays: 14 },
		},
	];
}

/** The sandbox practice's profile alone, for tests that need no messaging credentials. */
export const profileCredential = (zone: string, practice?: Practice) => staffCredentials({ zone, practice })[0];

/**
 * A test's own workflow (not a shipped one: those name the profile already) with the profile on
 * every Chairside node, as a practice would select it.
 */
export function onPracticeProfile(workflow: WorkflowJson): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	for (const node of copy.nodes) {
		if (node.type.startsWith('n8n-nodes-chairside.'))
			node.credentials = { ...(node.credentials as object), chairsidePracticeApi: PRACTICE_CREDENTIAL };
	}
	return copy;
}

/** Twilio and Gmail credentials for the simulators, and the staff ones (n8n encrypts them on import). */
export function messagingCredentials(
	twilio: { url: string; accountSid: string; authToken: string; messagingServiceSid: string },
	gmailUrl: string,
	staff: { zone?: string; slackWebhookUrl?: string; practice?: Practice } = {},
) {
	return [
		// Every Chairside node reads the practice profile; Staff Task also the task-link secret.
		...staffCredentials({
			zone: staff.zone ?? 'America/Chicago',
			slackWebhookUrl: staff.slackWebhookUrl,
			practice: staff.practice,
		}),
		{
			...TWILIO_CREDENTIAL,
			type: 'twilioSmsApi',
			data: {
				accountSid: twilio.accountSid,
				authType: 'authToken',
				authToken: twilio.authToken,
				sender: 'messagingService',
				messagingServiceSid: twilio.messagingServiceSid,
				baseUrl: twilio.url,
			},
		},
		{
			...GMAIL_CREDENTIAL,
			type: 'chairsideGmailOAuth2Api',
			data: { ...googleCredential(SANDBOX_GMAIL, gmailUrl), sender: SANDBOX_GMAIL.sender },
		},
	];
}
