/** Booking Conversation's settings, read once per run and checked before anything is sent. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { checkCopy, DEFAULT_COPY, type ConversationSettings } from '../../core/booking/conversation';
import { practiceTimezone, referenceNow } from '../shared/options';

export interface Settings extends ConversationSettings {
	now: DateTime;
	openingCount: number;
}

const NEEDS: Record<keyof typeof DEFAULT_COPY, string[]> = {
	offerCopy: ['options', 'replyWith'],
	takenCopy: ['options', 'replyWith'],
	expiredCopy: ['options', 'replyWith'],
	confirmationCopy: ['when'],
};
const OFFER_PLACEHOLDERS = ['practiceName', 'practicePhone', 'options', 'replyWith'];
const ALLOWED: Record<keyof typeof DEFAULT_COPY, string[]> = {
	offerCopy: OFFER_PLACEHOLDERS,
	takenCopy: OFFER_PLACEHOLDERS,
	expiredCopy: OFFER_PLACEHOLDERS,
	confirmationCopy: ['practiceName', 'practicePhone', 'when'],
};
const NAMES: Record<keyof typeof DEFAULT_COPY, string> = { offerCopy: 'Offer', takenCopy: 'Offer After a Taken Slot', expiredCopy: 'Offer After Expiry', confirmationCopy: 'Confirmation' };

export function readSettings(ctx: IExecuteFunctions, operation: string): Settings {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('options', 0, {}) as { timezone?: string; now?: unknown };
	const timezone = practiceTimezone(node, options.timezone, ctx.getTimezone());
	const now = referenceNow(node, options.now);
	const text = (name: string) => String(ctx.getNodeParameter(name, 0, '') ?? '').trim();
	const edited = ctx.getNodeParameter('copy', 0, {}) as Partial<Record<keyof typeof DEFAULT_COPY, string>>;
	const copy = { ...DEFAULT_COPY, ...Object.fromEntries(Object.entries(edited).filter(([, v]) => typeof v === 'string' && v.trim())) };
	const settings: Settings = {
		now,
		timezone,
		openingCount: operation === 'offer' ? (ctx.getNodeParameter('openingCount', 0, 2) as number) : 2,
		offerValidHours: operation === 'route' ? (ctx.getNodeParameter('offerValidHours', 0, 48) as number) : 48,
		practiceName: operation === 'route' ? '' : text('practiceName'),
		practicePhone: operation === 'route' ? '' : text('practicePhone'),
		...copy,
	};
	if (operation === 'route') return settings;
	const missing = (['practiceName', 'practicePhone'] as const).filter((k) => !settings[k]);
	if (missing.length) throw new NodeOperationError(node, `${missing.map((k) => (k === 'practiceName' ? 'Practice Name' : 'Practice Phone')).join(' and ')} must be set: every text names the practice and how to reach it`);
	try {
		for (const key of Object.keys(NEEDS) as Array<keyof typeof DEFAULT_COPY>) checkCopy(NAMES[key], settings[key], NEEDS[key], ALLOWED[key]);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { description: 'Fix the message in Messages; nothing was sent.' });
	}
	return settings;
}
