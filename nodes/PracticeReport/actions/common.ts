/** What Practice Report's operations read once per run: the weekly report's week, or Email Staff's clock and Gmail account. */
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { benchmarkRows } from '../../../core/maturity/benchmarks';
import type { GmailAccount } from '../../../core/messaging/gmail';
import type { RetryBudget } from '../../../core/messaging/provider';
import { reportItems } from '../../../core/report/items';
import type { WeeklyReportInput } from '../../../core/report/weekly';
import { referenceNow } from '../../shared/options';
import { readPracticeProfile } from '../../shared/practice';
import type { Emit, NodeFailure } from '../../shared/router';

export const GMAIL = 'chairsideGmailOAuth2Api';
export const SHEETS = 'chairsideGoogleSheetsOAuth2Api';
export const RETRY: RetryBudget = { attempts: 4, maxWaitMs: 30_000 };

/** Send Email, Append to Sheet and Render: all input items make one report, the practice profile's, in its zone. */
export interface WeeklyRun {
	now: DateTime;
	week: WeeklyReportInput;
}

/** Email Staff: one clock and one Gmail account for every item. */
export interface StaffRun {
	now: DateTime;
	gmail: GmailAccount;
}

/** Each operation is handed the run readRun reads for its key (Huddle Rows reads nothing). */
export type ReportRun = WeeklyRun | StaffRun | null;

const WEEKLY = ['email', 'sheet', 'render'];

export async function gmailAccount(ctx: IExecuteFunctions): Promise<GmailAccount> {
	const c = (await ctx.getCredentials(GMAIL)) as { sender?: string; baseUrl?: string };
	return { baseUrl: c.baseUrl || 'https://gmail.googleapis.com', from: c.sender ?? '' };
}

async function weeklyRun(ctx: IExecuteFunctions): Promise<WeeklyRun> {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const { name: practiceName, zone } = await readPracticeProfile(ctx);
	const now = referenceNow(ctx.getNode(), options.now, zone);
	const week: WeeklyReportInput = {
		...reportItems(ctx.getInputData().map((item) => item.json)),
		practiceName,
		weekOf: now.setZone(zone).toISODate() as string,
		zone,
		benchmarks: benchmarkRows(),
	};
	return { now, week };
}

/** The practice profile is read only by the weekly report: Email Staff and Huddle Rows do not list it. */
export async function readRun(ctx: IExecuteFunctions, key: string): Promise<ReportRun> {
	if (WEEKLY.includes(key)) return weeklyRun(ctx);
	if (key === 'alert') return { now: DateTime.now(), gmail: await gmailAccount(ctx) };
	return null;
}

/** A weekly report that could not be made or delivered: one error item, paired with every input item. */
export const reportFailure = (failure: NodeFailure): Emit => ({ json: { error: failure.message } });

export const show = (...operation: string[]): INodeProperties['displayOptions'] => ({ show: { operation } });

/** The weekly report's one item, made of every input item. */
export function weeklyItem(ctx: IExecuteFunctions, json: IDataObject): INodeExecutionData[][] {
	return [[{ json, pairedItem: ctx.getInputData().map((_, item) => ({ item })) }]];
}
