/** What Practice Calendar's operations share: the run's account, each item's calendar and clock, the opening rules. */
import type { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { OpeningRules } from '../../../core/calendar/openings';
import { SlotUnavailable, type CalendarAccount } from '../../../core/calendar/transport';
import type { ProviderHttp, RetryBudget } from '../../../core/messaging/provider';
import { conversationOf } from '../../shared/conversation';
import { referenceNow } from '../../shared/options';
import { readPracticeProfile } from '../../shared/practice';
import { providerHttp, transportOptions } from '../../shared/provider-http';
import type { Emit, NodeFailure } from '../../shared/router';

export const CREDENTIAL = 'chairsideGoogleCalendarOAuth2Api';
const RETRY: RetryBudget = { attempts: 4, maxWaitMs: 30_000 };

/** Read once per run: the Google credential's API base and the practice profile's zone. */
export interface CalendarRun {
	http: ProviderHttp;
	baseUrl: string;
	zone: string;
}

export async function readRun(ctx: IExecuteFunctions): Promise<CalendarRun> {
	const credential = (await ctx.getCredentials(CREDENTIAL)) as { baseUrl?: string };
	const http = providerHttp(ctx, CREDENTIAL, true);
	const { zone } = await readPracticeProfile(ctx);
	return { http, baseUrl: credential.baseUrl || 'https://www.googleapis.com', zone };
}

/** Item i's calendar, its "now" in the practice's zone, and the transport's retry budget. */
export function calendarItem(ctx: IExecuteFunctions, i: number, run: CalendarRun) {
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const now: DateTime = referenceNow(ctx.getNode(), options.now, run.zone, i).setZone(run.zone);
	const account: CalendarAccount = {
		baseUrl: run.baseUrl,
		calendarId: String(ctx.getNodeParameter('calendarId', i)).trim(),
	};
	return { now, account, transport: transportOptions(RETRY) };
}

/** Item i's opening rules (Find Openings, Book): business hours and settings in the practice's zone. */
export function openingRules(ctx: IExecuteFunctions, i: number, zone: string): OpeningRules {
	const { openingCount, ...settings } = ctx.getNodeParameter('settings', i, {}) as IDataObject;
	return {
		zone,
		businessHours: String(ctx.getNodeParameter('businessHours', i)),
		...settings,
		...(openingCount === undefined ? {} : { limit: openingCount as number }),
	};
}

/** Under Continue On Fail: the error, the conversation it belongs to, and for a taken slot the nearest openings. */
export function calendarFailure(failure: NodeFailure, ctx: IExecuteFunctions, i: number): Emit {
	// A taken slot comes with the nearest openings, so a workflow (or an AI agent) can offer them.
	const openings = failure.cause instanceof SlotUnavailable ? failure.cause.openings : undefined;
	return {
		json: {
			error: failure.message,
			...(openings ? { openings } : {}),
			...conversationOf(ctx.getInputData()[i].json),
		} as IDataObject,
	};
}

export const show = (...operation: string[]): INodeProperties['displayOptions'] => ({ show: { operation } });

/** Book's and Cancel's key: one booking key is one event. */
export function bookingKey(operation: string): INodeProperties {
	return {
		displayName: 'Booking Key',
		name: 'bookingKey',
		type: 'string',
		default: '',
		required: true,
		description:
			'What this booking is in your workflow (a reply ID, a form entry): the same key never makes a second event',
		displayOptions: show(operation),
	};
}
