/** A valid touch for tests to bend one field at a time. */
import type { ContactFacts, OutboundTouch } from '../../../core/messaging/touch';

export type TouchPatch = Partial<Omit<OutboundTouch, 'contact'>> & { contact?: Partial<ContactFacts> };

export function touch(patch: TouchPatch = {}): OutboundTouch {
	const { contact, ...rest } = patch;
	return {
		kind: 'chairside.touch',
		sendKey: 'enr-1:day1-sms',
		enrollment: 'enr-1',
		journey: 'treatment-follow-up',
		step: 'day1-sms',
		channel: 'sms',
		purpose: 'recall',
		recentSends: [],
		subject: null,
		body: 'Hi Maria, this is Bright Smiles. We saved a spot for your crown. Reply STOP to opt out.',
		html: null,
		dueAt: '2026-03-10T14:00:00.000Z',
		...rest,
		contact: {
			patientId: 'GA0001',
			firstName: 'Maria',
			mobile: '+13125550134',
			email: 'maria.garcia@example.com',
			timezone: 'America/Chicago',
			smsConsent: 'yes',
			emailConsent: 'unknown',
			preferredChannel: null,
			optedOut: { sms: false, email: false },
			...contact,
		},
	};
}
