/**
 * What an AI treatment coordinator must leave to staff, and the reasons a patient gives for not
 * booking yet (docs/facts.md#what-the-ai-coordinator-leaves-to-people): clinical questions,
 * prognosis, financing terms, fee negotiation, complaints and sensitive patient situations always go
 * to a person; timing, cost, travel and uncertainty are the hesitation reasons the coordinator logs.
 */

/** A topic that always hands the conversation to staff. */
export const TOPICS = ['clinical', 'prognosis', 'financing', 'fee_negotiation', 'complaint', 'sensitive'] as const;
export type Topic = (typeof TOPICS)[number];

/** What a hand-off can be about: a screened topic, a booking the coordinator could not finish, anything else. */
export const HANDOFF_TOPICS = [...TOPICS, 'booking_help', 'other'] as const;
export type HandOffTopic = (typeof HANDOFF_TOPICS)[number];

/** A topic in a staff member's words (the chart note, the task, the screening reason). */
export const TOPIC_WORDS: Record<HandOffTopic, string> = {
	clinical: 'clinical question',
	prognosis: 'prognosis question',
	financing: 'financing or insurance question',
	fee_negotiation: 'fee negotiation',
	complaint: 'complaint',
	sensitive: 'sensitive situation',
	booking_help: 'booking help',
	other: 'other',
};

export const HESITATION_REASONS = ['timing', 'cost', 'travel', 'uncertainty', 'other'] as const;
export type HesitationReason = (typeof HESITATION_REASONS)[number];

/** What the coordinator does next after logging a reason; cost is a financing conversation, which staff own. */
export const HESITATION_NEXT: Record<HesitationReason, string> = {
	cost: 'A treatment coordinator follows up on cost and financing. Tell the patient a team member will reach out; do not discuss prices, discounts, insurance or payment terms.',
	timing:
		'Respect the timing: ask when would suit, or offer approved appointment windows later. The practice cadence sends the next reminder.',
	travel: 'Offer approved appointment windows that fit around the travel, or a call-back from the office.',
	uncertainty:
		'Offer a short call with the treatment coordinator. Do not explain clinical risks or whether the treatment can wait; hand off to staff if the patient asks.',
	other:
		'Follow the practice cadence. Hand off to staff if the patient raises anything clinical, financial, a complaint or a sensitive situation.',
};
