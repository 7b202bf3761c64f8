/**
 * The journey and report workflows pointed at the sandbox: the practice's details in Cadence Step
 * and Practice Report, the practice zone in the PMS node, and Twilio/Gmail/Sheets credentials for
 * the loopback simulators.
 * Shared by `npm run demo` and the end-to-end tests so both run the same configuration.
 */
import type { WorkflowJson } from '../n8n/runner';
import { SANDBOX_GMAIL } from '../gmail/defaults';
import { googleCredential } from '../google/credential';
import { SANDBOX_SHEETS } from '../sheets/defaults';
import type { Practice } from '../practice/types';

export const TWILIO_CREDENTIAL = { id: 'chairsidetwilsbx', name: 'Twilio (sandbox)' };
export const GMAIL_CREDENTIAL = { id: 'chairsidegmailsbx', name: 'Gmail (sandbox)' };

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

/** Whether a workflow needs the practice's details (runs a journey or reports to the owner). */
export const isJourney = (w: WorkflowJson) =>
	w.nodes.some((n) => (n.type === 'n8n-nodes-chairside.cadenceStep' && n.parameters.operation === 'decide') || n.type === 'n8n-nodes-chairside.practiceReport' || n.type === 'n8n-nodes-chairside.healingCheck' || n.type === 'n8n-nodes-chairside.bookingConversation');

/** A copy with the practice's details and zone filled in. */
export function configureJourney(workflow: WorkflowJson, profile: Record<string, string>, timezone: string): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	// The shipped journeys keep only failed executions (each tick's items would fill n8n's history);
	// the sandbox keeps them all: the tests check every tick's status, and the demo shows each run.
	copy.settings = { ...(copy.settings as object), saveDataSuccessExecution: 'all' };
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-chairside.cadenceStep' && node.parameters.operation === 'decide') node.parameters.practice = profile;
		if (node.type === 'n8n-nodes-chairside.pms') node.parameters.options = { ...(node.parameters.options as object), timezone };
		if (node.type === 'n8n-nodes-chairside.practiceReport') {
			if (node.parameters.operation === 'alert') node.parameters.staffTo = SANDBOX_COORDINATOR_EMAIL;
			else {
				const where = node.parameters.operation === 'email' ? { to: SANDBOX_OWNER_EMAIL } : { spreadsheetId: SANDBOX_SHEETS.spreadsheetId };
				node.parameters = { ...node.parameters, practiceName: profile.name, ...where, options: { ...(node.parameters.options as object), timezone } };
			}
		}
		if (node.type === 'n8n-nodes-chairside.healingCheck') {
			node.parameters = { ...node.parameters, practiceName: profile.name, practicePhone: profile.phone, options: { ...(node.parameters.options as object), timezone } };
		}
		if (node.type === 'n8n-nodes-chairside.bookingConversation') {
			const practice = node.parameters.operation === 'route' ? {} : { practiceName: profile.name, practicePhone: profile.phone };
			node.parameters = { ...node.parameters, ...practice, options: { ...(node.parameters.options as object), timezone } };
		}
		if (node.type === 'n8n-nodes-chairside.maturityScore' && node.parameters.operation !== 'assess') node.parameters.options = { ...(node.parameters.options as object), timezone };
	}
	return copy;
}

/** The practice profile and task-link credentials the shipped workflows' Staff Task nodes name. */
export const PRACTICE_CREDENTIAL = { id: 'chairsidepracticesbx', name: 'Practice Profile (sandbox)' };
export const TASK_LINKS_CREDENTIAL = { id: 'chairsidetasklinks', name: 'Task Links (sandbox)' };
/** The front desk's inbox in the sandbox: staff tasks and the morning list. */
export const SANDBOX_FRONT_DESK_EMAIL = 'frontdesk@riverside-dental.example';
/** The office manager's inbox: tasks nobody closed in time. */
export const SANDBOX_MANAGER_EMAIL = 'manager@riverside-dental.example';
export const SANDBOX_FRONT_DESK_MOBILE = '+15125550199';
/** Not a secret: the sandbox's close links are signed with it. */
export const SANDBOX_TASK_LINK_SECRET = 'chairside-sandbox-task-link-secret-not-for-production-0001';

/**
 * The practice profile (staff channels: the front desk's inbox in the Gmail simulator, a Slack
 * incoming webhook when the Slack simulator gives one, the front desk's mobile in the Twilio
 * simulator) and the secret close links are signed with.
 */
export function staffCredentials(options: { zone: string; slackWebhookUrl?: string }): Array<Record<string, unknown>> {
	return [
		{
			...PRACTICE_CREDENTIAL,
			type: 'chairsidePracticeApi',
			data: {
				practiceName: 'Riverside Dental',
				phone: '(512) 555-0100',
				address: '100 Congress Ave, Austin, TX 78701',
				timeZone: options.zone,
				businessHours: 'Mon-Fri 08:00-17:00',
				bookingLink: 'https://book.riverside-dental.example/online',
				staffEmail: SANDBOX_FRONT_DESK_EMAIL,
				staffSlackWebhookUrl: options.slackWebhookUrl ?? '',
				staffMobile: SANDBOX_FRONT_DESK_MOBILE,
				escalationEmail: SANDBOX_MANAGER_EMAIL,
			},
		},
		{ ...TASK_LINKS_CREDENTIAL, type: 'chairsideTaskLinkApi', data: { secret: SANDBOX_TASK_LINK_SECRET, validDays: 14 } },
	];
}

/** Twilio and Gmail credentials for the simulators, and the staff ones (n8n encrypts them on import). */
export function messagingCredentials(twilio: { url: string; accountSid: string; authToken: string; messagingServiceSid: string }, gmailUrl: string, staff: { zone?: string; slackWebhookUrl?: string } = {}) {
	return [
		// Staff Task (every journey's hand-offs) needs the practice profile and the task-link secret.
		...staffCredentials({ zone: staff.zone ?? 'America/Chicago', slackWebhookUrl: staff.slackWebhookUrl }),
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
