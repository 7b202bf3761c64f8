import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { DateTime } from 'luxon';
import { book, cancel, findOpenings, SlotUnavailable, type CalendarAccount } from '../../core/calendar/transport';
import type { OpeningRules } from '../../core/calendar/openings';
import type { RetryBudget } from '../../core/messaging/provider';
import { toNodeError } from '../shared/errors';
import { conversationOf } from '../shared/conversation';
import { dateFieldText, referenceNow } from '../shared/options';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';
import { providerHttp, transportOptions } from '../shared/provider-http';
import { properties } from './description';
import { operationSubtitle } from '../shared/subtitle';

const CREDENTIAL = 'chairsideGoogleCalendarOAuth2Api';
const RETRY: RetryBudget = { attempts: 4, maxWaitMs: 30_000 };

export class PracticeCalendar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Practice Calendar',
		name: 'practiceCalendar',
		icon: { light: 'file:practiceCalendar.svg', dark: 'file:practiceCalendar.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Book on a Google Calendar for practices without a PMS API: openings from free/busy, idempotent booking, cancel',
		defaults: { name: 'Practice Calendar' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: CREDENTIAL, required: true },
			{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' },
		],
		properties,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const operation = this.getNodeParameter('operation', 0) as 'findOpenings' | 'book' | 'cancel';
		const credential = (await this.getCredentials(CREDENTIAL)) as { baseUrl?: string };
		const http = providerHttp(this, CREDENTIAL, true);
		const items = this.getInputData();
		const { zone } = await readPracticeProfile(this);
		for (let i = 0; i < items.length; i++) {
			const booking = conversationOf(items[i].json);
			try {
				const options = this.getNodeParameter('options', i, {}) as IDataObject;
				const now = referenceNow(this.getNode(), options.now, zone, i).setZone(zone);
				const account: CalendarAccount = {
					baseUrl: credential.baseUrl || 'https://www.googleapis.com',
					calendarId: String(this.getNodeParameter('calendarId', i)).trim(),
				};
				const o = transportOptions(RETRY);
				if (operation === 'cancel') {
					out.push({
						json: { ...(await cancel(http, account, String(this.getNodeParameter('bookingKey', i)), o)) },
						pairedItem: { item: i },
					});
					continue;
				}
				const { openingCount, ...settings } = this.getNodeParameter('settings', i, {}) as IDataObject;
				const rules: OpeningRules = {
					zone,
					businessHours: String(this.getNodeParameter('businessHours', i)),
					...settings,
					...(openingCount === undefined ? {} : { limit: openingCount as number }),
				};
				const minutes = this.getNodeParameter('serviceMinutes', i) as number;
				if (operation === 'findOpenings') {
					const day = (name: string) => dateFieldText(this.getNodeParameter(name, i, ''));
					const from = day('from') ? DateTime.fromISO(day('from'), { zone }) : now;
					const to = day('to') ? DateTime.fromISO(day('to'), { zone }) : from.plus({ days: 14 });
					const found = await findOpenings(http, account, { ...rules, from, to, serviceMinutes: minutes }, o);
					found.forEach((opening, n) =>
						out.push({ json: { option: n + 1, ...opening, ...booking }, pairedItem: { item: i } }),
					);
					// A conversation always gets an item back, so its next step can answer the patient.
					if (!found.length && booking.booking)
						out.push({ json: { found: 0, ...booking } as IDataObject, pairedItem: { item: i } });
					continue;
				}
				const start = dateFieldText(this.getNodeParameter('start', i));
				if (!start)
					throw new NodeOperationError(this.getNode(), 'Start is empty: pick an opening from Find Openings', {
						itemIndex: i,
					});
				const text = (name: string) => String(this.getNodeParameter(name, i, '')).trim();
				const booked = await book(
					http,
					account,
					{
						...rules,
						bookingKey: text('bookingKey'),
						start,
						minutes,
						summary: text('summary') || 'Appointment',
						description: text('description') || undefined,
						attendeeEmail: text('attendeeEmail') || undefined,
					},
					{ ...o, now },
				);
				out.push({ json: { ...booked, ...booking }, pairedItem: { item: i } });
			} catch (error) {
				// A taken slot comes with the nearest openings, so a workflow (or an AI agent) can offer them.
				const openings = error instanceof SlotUnavailable ? error.openings : undefined;
				const failure = toNodeError(this.getNode(), error, i);
				if (!this.continueOnFail()) throw failure;
				out.push({
					json: { error: failure.message, ...(openings ? { openings } : {}), ...booking } as IDataObject,
					pairedItem: { item: i },
				});
			}
		}
		return [out];
	}
}
