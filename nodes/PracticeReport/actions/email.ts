import { sendEmail } from '../../../core/messaging/gmail';
import { renderWeeklyReport } from '../../../core/report/weekly';
import { providerHttp, transportOptions } from '../../shared/provider-http';
import type { PerRunOperation } from '../../shared/router';
import { GMAIL, gmailAccount, reportFailure, RETRY, show, weeklyItem, type WeeklyRun } from './common';

/** The HTML report to the owner through Gmail. */
export const email: PerRunOperation<WeeklyRun> = {
	runs: 'perRun',
	description: [
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'owner@practice.com',
			description: 'The owner, or several addresses separated by commas',
			displayOptions: show('email'),
		},
	],
	async execute(ctx, { now, week }) {
		const to = String(ctx.getNodeParameter('to', 0)).trim();
		if (!to.includes('@')) throw new Error(`To "${to}" is not an email address`);
		const report = renderWeeklyReport(week);
		// One report per address and week: a rerun gets the same Message-ID, so mail clients show it once.
		const sent = await sendEmail(
			providerHttp(ctx, GMAIL, true),
			await gmailAccount(ctx),
			{
				to,
				subject: report.subject,
				text: report.text,
				html: report.html,
				sendKey: `weekly-report/${week.weekOf}/${to}`,
				date: now,
			},
			transportOptions(RETRY),
		);
		return weeklyItem(ctx, {
			to,
			subject: report.subject,
			weekOf: week.weekOf,
			stage: week.assessment.stage,
			callList: week.risks.length,
			messageId: sent.messageId,
			id: sent.id,
		});
	},
	onError: reportFailure,
};
