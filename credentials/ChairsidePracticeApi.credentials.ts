import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * One practice location's facts, entered once and selected in every Chairside node: the name and
 * zone every message and schedule uses, the send window and caps every journey keeps, how the
 * practice records text consent, and where staff hand-offs go. A group has one per location.
 * Parsed and checked by core/practice/profile.ts.
 */
export class ChairsidePracticeApi implements ICredentialType {
	name = 'chairsidePracticeApi';

	displayName = 'Chairside Practice Profile API';

	icon: Icon = { light: 'file:chairside.svg', dark: 'file:chairside.dark.svg' };

	documentationUrl = 'https://github.com/chairside/n8n-nodes-chairside#the-practice-profile';

	properties: INodeProperties[] = [
		{
			displayName: 'Practice Name',
			name: 'practiceName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Riverside Dental',
			description: 'As patients know it; every message names it',
		},
		{
			displayName: 'Location',
			name: 'location',
			type: 'string',
			default: '',
			placeholder: 'Downtown',
			description:
				"Which location this profile is, for a group with several; empty for a single practice. Each location's patients, claims and caps are kept apart by it: set it before the first send and do not change it after.",
		},
		{
			displayName: 'Practice Phone',
			name: 'phone',
			type: 'string',
			default: '',
			required: true,
			placeholder: '(555) 555-0100',
			description: 'The number patients call; messages give it',
		},
		{
			displayName: 'Practice Address',
			name: 'address',
			type: 'string',
			default: '',
			placeholder: '100 Main St, Springfield, IL 62701',
			description: 'Postal address; US law (CAN-SPAM) wants it in every email',
		},
		{
			displayName: 'Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'America/Chicago',
			description:
				'IANA zone of the practice. The PMS gives local times without a zone, and times you type in any Chairside node are in this zone.',
		},
		{
			displayName: 'Business Hours',
			name: 'businessHours',
			type: 'string',
			default: 'Mon-Fri 08:00-17:00',
			placeholder: 'Mon-Thu 08:00-17:00, Fri 08:00-13:00',
			description:
				'When someone answers the phone: call-back deadlines and staff tasks count these hours. Days not listed are closed.',
		},
		{
			displayName: 'Closed Dates',
			name: 'closedDates',
			type: 'string',
			default: '',
			placeholder: '2026-12-24, 2026-12-25',
			description: 'Holidays, comma separated (yyyy-MM-dd)',
		},
		{
			displayName: 'Booking Link',
			name: 'bookingLink',
			type: 'string',
			default: '',
			placeholder: 'https://riverside.example/book',
			description: 'Where a patient books online; messages that invite booking give it',
		},
		{
			displayName: 'Review Link',
			name: 'reviewLink',
			type: 'string',
			default: '',
			placeholder: 'https://g.page/r/...',
			description: 'Where a review request points. Empty: no review requests go out.',
		},
		{
			displayName: 'Default Provider Name',
			name: 'defaultProvider',
			type: 'string',
			default: '',
			placeholder: 'Dr. Rivera',
			description: 'Used when the PMS names no provider. Empty: "your dentist".',
		},
		{
			displayName: 'Provider Names',
			name: 'providerNames',
			type: 'string',
			default: '',
			placeholder: 'DOC1=Dr. Rivera, HYG1=Sam',
			description: "The PMS's provider abbreviations and the names patients know",
		},
		{
			displayName: 'Send Window Start',
			name: 'sendWindowStart',
			type: 'string',
			default: '08:00',
			description:
				"Earliest time a message goes out, in the patient's local time (HH:mm). US law allows 08:00 at the earliest.",
		},
		{
			displayName: 'Send Window End',
			name: 'sendWindowEnd',
			type: 'string',
			default: '20:00',
			description:
				"Nothing goes out at or after this time, in the patient's local time (HH:mm). US law allows 21:00 at the latest (20:00 in Florida and Oklahoma).",
		},
		{
			displayName: 'Max Messages per Day',
			name: 'maxPerDay',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3 },
			default: 1,
			description: 'Per patient, across every journey',
		},
		{
			displayName: 'Max Messages per Week',
			name: 'maxPerWeek',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 21 },
			default: 3,
			description: 'Per patient, across every journey, over any 7 days',
		},
		{
			displayName: 'Text Consent When the Source Has None',
			name: 'smsConsentWhenUnknown',
			type: 'options',
			options: [
				{
					name: 'Not Recorded: Wait for Consent',
					value: 'not_recorded',
					description:
						'Follow-up and reactivation texts go only to patients whose consent is recorded; email still goes',
				},
				{
					name: 'Collected at Intake From Every Patient',
					value: 'collected_at_intake',
					description:
						'Our intake form asks every patient for written consent to texts; a patient who texts STOP is still never texted again',
				},
			],
			default: 'not_recorded',
			description:
				'A CSV export or NexHealth does not say whether a patient agreed to texts; say how your practice records it',
		},
		{
			displayName: 'Front Desk Email',
			name: 'staffEmail',
			type: 'string',
			default: '',
			placeholder: 'frontdesk@riverside.example',
			description: 'Staff tasks, booking notices and the daily list of open tasks go here',
		},
		{
			displayName: 'Front Desk Slack Webhook URL',
			name: 'staffSlackWebhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'https://hooks.slack.com/services/...',
			description: 'A Slack incoming webhook for the front-desk channel; empty: no Slack',
		},
		{
			displayName: 'Front Desk Mobile',
			name: 'staffMobile',
			type: 'string',
			default: '',
			placeholder: '+15555550123',
			description: 'Urgent hand-offs are also texted here; empty: no texts to staff',
		},
		{
			displayName: 'Escalation Email',
			name: 'escalationEmail',
			type: 'string',
			default: '',
			placeholder: 'manager@riverside.example',
			description: 'Who hears about a task nobody closed in time',
		},
	];
}
