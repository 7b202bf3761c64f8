/** Booking Conversation's settings, read once per run (the router's readRun) and checked before anything is sent. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { checkCopy, DEFAULT_COPY, type ConversationSettings } from '../../core/booking/conversation';
import { journalFrom, type Journal } from '../shared/journal';
import { referenceNow } from '../shared/options';
import { readPracticeProfile } from '../shared/practice';

export interface Settings extends ConversationSettings {
	now: DateTime;
	openingCount: number;
	/** The journal on the second input, for Route Reply, which answers each reply against it; null for the others. */
	journal: Journal | null;
}

const OFFER = { needs: ['options', 'replyWith'], allowed: ['practiceName', 'practicePhone', 'options', 'replyWith'] };
/** Each message: its name in Messages, the placeholders it must use and those it has values for. */
const MESSAGES: Record<keyof typeof DEFAULT_COPY, { name: string; needs: string[]; allowed: string[] }> = {
	offerCopy: { name: 'Offer', ...OFFER },
	takenCopy: { name: 'Offer After a Taken Slot', ...OFFER },
	expiredCopy: { name: 'Offer After Expiry', ...OFFER },
	confirmationCopy: { name: 'Confirmation', needs: ['when'], allowed: ['practiceName', 'practicePhone', 'when'] },
	visitConfirmedCopy: { name: 'Visit Confirmed', needs: ['when'], allowed: ['practiceName', 'practicePhone', 'when'] },
};

/** The practice's name, phone and zone are its profile's (required there, so every text has them). */
export async function readRun(ctx: IExecuteFunctions, operation: string): Promise<Settings> {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('options', 0, {}) as { now?: unknown };
	const practice = await readPracticeProfile(ctx);
	const timezone = practice.zone;
	const now = referenceNow(node, options.now, timezone);
	const edited = ctx.getNodeParameter('copy', 0, {}) as Partial<Record<keyof typeof DEFAULT_COPY, string>>;
	const copy = {
		...DEFAULT_COPY,
		...Object.fromEntries(Object.entries(edited).filter(([, v]) => typeof v === 'string' && v.trim())),
	};
	const settings: Settings = {
		now,
		timezone,
		openingCount: operation === 'offer' ? (ctx.getNodeParameter('openingCount', 0, 2) as number) : 2,
		offerValidHours: operation === 'route' ? (ctx.getNodeParameter('offerValidHours', 0, 48) as number) : 48,
		practiceName: practice.name,
		practicePhone: practice.phone,
		...copy,
		journal: null,
	};
	if (operation === 'route') return { ...settings, journal: journalFrom(ctx) };
	try {
		for (const [key, { name, needs, allowed }] of Object.entries(MESSAGES))
			checkCopy(name, settings[key as keyof typeof DEFAULT_COPY], needs, allowed);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, {
			description: 'Fix the message in Messages; nothing was sent.',
		});
	}
	return settings;
}
