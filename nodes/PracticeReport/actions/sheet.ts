import { appendRows, ensureHeader, firstColumn } from '../../../core/report/sheets';
import { trendRow } from '../../../core/report/weekly';
import { providerHttp, transportOptions } from '../../shared/provider-http';
import type { PerRunOperation } from '../../shared/router';
import { reportFailure, RETRY, SHEETS, show, weeklyItem, type WeeklyRun } from './common';

/** One row per week in the trend sheet. */
export const sheet: PerRunOperation<WeeklyRun> = {
	runs: 'perRun',
	description: [
		{
			displayName: 'Spreadsheet ID',
			name: 'spreadsheetId',
			type: 'string',
			default: '',
			required: true,
			description: "The long ID in the sheet's URL, between /d/ and /edit",
			displayOptions: show('sheet'),
		},
		{
			displayName: 'Sheet Name',
			name: 'sheetName',
			type: 'string',
			default: 'Weekly',
			description: 'The tab; created with a header row when it does not exist',
			displayOptions: show('sheet'),
		},
	],
	async execute(ctx, { week }) {
		const spreadsheetId = String(ctx.getNodeParameter('spreadsheetId', 0)).trim();
		if (!spreadsheetId) throw new Error('Spreadsheet ID is empty');
		const c = (await ctx.getCredentials(SHEETS)) as { baseUrl?: string };
		const account = {
			baseUrl: c.baseUrl || 'https://sheets.googleapis.com',
			spreadsheetId,
			sheet: String(ctx.getNodeParameter('sheetName', 0)).trim() || 'Weekly',
		};
		const http = providerHttp(ctx, SHEETS, true);
		const { header, row } = trendRow(week);
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
		if ((await firstColumn(http, account, o)).includes(week.weekOf))
			return weeklyItem(ctx, {
				spreadsheetId,
				sheet: account.sheet,
				updatedRange: null,
				weekOf: week.weekOf,
				alreadyRecorded: true,
				row: recorded,
			});
		const appended = await appendRows(http, account, [row], o);
		return weeklyItem(ctx, {
			spreadsheetId,
			sheet: account.sheet,
			updatedRange: appended.updatedRange,
			weekOf: week.weekOf,
			alreadyRecorded: false,
			row: recorded,
		});
	},
	onError: reportFailure,
};
