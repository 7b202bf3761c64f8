/** Where the report goes: nowhere (Render), the owner's inbox (Gmail), or the trend sheet (Google Sheets). */
import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sendEmail } from '../../core/messaging/gmail';
import type { RetryBudget } from '../../core/messaging/provider';
import { appendRows, ensureHeader, firstColumn } from '../../core/report/sheets';
import { renderWeeklyReport, trendRow, type WeeklyReportInput } from '../../core/report/weekly';
import { toNodeError } from '../shared/errors';
import { providerHttp, transportOptions } from '../shared/provider-http';

export const GMAIL = 'chairsideGmailOAuth2Api';
export const SHEETS = 'chairsideGoogleSheetsOAuth2Api';

const RETRY: RetryBudget = { attempts: 4, maxWaitMs: 30_000 };

async function email(ctx: IExecuteFunctions, input: WeeklyReportInput, now: DateTime): Promise<IDataObject> {
	const to = String(ctx.getNodeParameter('to', 0)).trim();
	if (!to.includes('@')) throw new Error(`To "${to}" is not an email address`);
	const report = renderWeeklyReport(input);
	const c = (await ctx.getCredentials(GMAIL)) as { sender?: string; baseUrl?: string };
	const account = { baseUrl: c.baseUrl || 'https://gmail.googleapis.com', from: c.sender ?? '' };
	// One report per address and week: a rerun gets the same Message-ID, so mail clients show it once.
	const sent = await sendEmail(
		providerHttp(ctx, GMAIL, true),
		account,
		{
			to,
			subject: report.subject,
			text: report.text,
			html: report.html,
			sendKey: `weekly-report/${input.weekOf}/${to}`,
			date: now,
		},
		transportOptions(RETRY),
	);
	return {
		to,
		subject: report.subject,
		weekOf: input.weekOf,
		stage: input.assessment.stage,
		callList: input.risks.length,
		messageId: sent.messageId,
		id: sent.id,
	};
}

async function sheet(ctx: IExecuteFunctions, input: WeeklyReportInput): Promise<IDataObject> {
	const spreadsheetId = String(ctx.getNodeParameter('spreadsheetId', 0)).trim();
	if (!spreadsheetId) throw new Error('Spreadsheet ID is empty');
	const c = (await ctx.getCredentials(SHEETS)) as { baseUrl?: string };
	const account = {
		baseUrl: c.baseUrl || 'https://sheets.googleapis.com',
		spreadsheetId,
		sheet: String(ctx.getNodeParameter('sheetName', 0)).trim() || 'Weekly',
	};
	const http = providerHttp(ctx, SHEETS, true);
	const { header, row } = trendRow(input);
	const o = transportOptions(RETRY);
	const columns = await ensureHeader(http, account, header, o);
	// A sheet started by an older version has fewer columns: new ones only ever go at the end.
	const older = columns.found.length > 0 && columns.found.every((title, i) => title === header[i]);
	if (columns.outcome === 'different' && !older)
		throw new Error(
			`row 1 of tab "${account.sheet}" is not the report's header (${header.slice(0, 3).join(', ')}, ...): pick an empty tab or a new name`,
		);
	const recorded = Object.fromEntries(header.map((h, i) => [h, row[i]]));
	// One row per week: a rerun (or a retry after a 5xx that had landed) finds the week and adds nothing.
	if ((await firstColumn(http, account, o)).includes(input.weekOf))
		return {
			spreadsheetId,
			sheet: account.sheet,
			updatedRange: null,
			weekOf: input.weekOf,
			alreadyRecorded: true,
			row: recorded,
		};
	const appended = await appendRows(http, account, [row], o);
	return {
		spreadsheetId,
		sheet: account.sheet,
		updatedRange: appended.updatedRange,
		weekOf: input.weekOf,
		alreadyRecorded: false,
		row: recorded,
	};
}

/** One email per item to staff: a hand-off, sent once per item key (a rerun finds the same Message-ID). */
async function alertStaff(ctx: IExecuteFunctions, i: number, now: DateTime): Promise<IDataObject> {
	const to = String(ctx.getNodeParameter('staffTo', i)).trim();
	if (!to.includes('@')) throw new Error(`To "${to}" is not an email address`);
	const subject = String(ctx.getNodeParameter('alertSubject', i)).replace(/\s+/g, ' ').trim();
	const text = String(ctx.getNodeParameter('alertText', i));
	const json = ctx.getInputData()[i].json;
	const key = String(json.messageSid ?? json.key ?? `${subject}/${text}`);
	const c = (await ctx.getCredentials(GMAIL)) as { sender?: string; baseUrl?: string };
	const account = { baseUrl: c.baseUrl || 'https://gmail.googleapis.com', from: c.sender ?? '' };
	const sent = await sendEmail(
		providerHttp(ctx, GMAIL, true),
		account,
		{ to, subject, text, html: null, sendKey: `staff-alert/${key}`, date: now },
		transportOptions(RETRY),
	);
	return { ...json, staffAlert: { to, subject, messageId: sent.messageId, id: sent.id } };
}

export async function alertAll(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const now = DateTime.now();
	for (let i = 0; i < ctx.getInputData().length; i++) {
		try {
			out.push({ json: await alertStaff(ctx, i, now), pairedItem: { item: i } });
		} catch (error) {
			const failure = toNodeError(ctx.getNode(), error, i);
			if (!ctx.continueOnFail()) throw failure;
			out.push({ json: { error: failure.message }, pairedItem: { item: i } });
		}
	}
	return out;
}

export async function deliver(
	ctx: IExecuteFunctions,
	operation: 'email' | 'sheet' | 'render',
	input: WeeklyReportInput,
	now: DateTime,
): Promise<IDataObject> {
	if (operation === 'email') return email(ctx, input, now);
	if (operation === 'sheet') return sheet(ctx, input);
	const report = renderWeeklyReport(input);
	return { ...report, weekOf: input.weekOf, stage: input.assessment.stage };
}
