import { sendEmail } from '../../../core/messaging/gmail';
import { providerHttp, transportOptions } from '../../shared/provider-http';
import type { PerItemOperation } from '../../shared/router';
import { GMAIL, RETRY, show, type StaffRun } from './common';

/** One email per item to staff: a hand-off, sent once per item key (a rerun finds the same Message-ID). */
export const alert: PerItemOperation<StaffRun> = {
	runs: 'perItem',
	description: [
		{
			displayName: 'To',
			name: 'staffTo',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'coordinator@practice.com',
			displayOptions: show('alert'),
		},
		{
			displayName: 'Subject',
			name: 'alertSubject',
			type: 'string',
			default:
				'={{ "Healing check: " + ($json.healing.outcome === "escalate" ? "call" : "read the reply of") + " patient " + $json.patientId + " by " + DateTime.fromISO($json.healing.dueAt).setZone($today.zoneName).toFormat("ccc LLL d, h:mm a") }}',
			description: 'Patient IDs only: the email leaves the PMS',
			displayOptions: show('alert'),
		},
		{
			displayName: 'Message',
			name: 'alertText',
			type: 'string',
			typeOptions: { rows: 5 },
			default:
				'={{ "The patient answered the healing check " + $json.daysSinceMilestone + " day(s) after " + ($json.milestone || "their last visit").replace(/_/g, " ") + ": “" + ($json.body || "the healing form") + "”\\n\\nOutcome: " + $json.healing.outcome + " (" + $json.healing.reason + ")\\nCall back by: " + $json.healing.dueAt + "\\nPatient ID: " + $json.patientId + ", mobile " + ($json.from || "not given") + "\\n\\nThe patient was sent: “" + $json.healing.reply + "”" }}',
			displayOptions: show('alert'),
		},
	],
	async execute(ctx, i, { now, gmail }) {
		const to = String(ctx.getNodeParameter('staffTo', i)).trim();
		if (!to.includes('@')) throw new Error(`To "${to}" is not an email address`);
		const subject = String(ctx.getNodeParameter('alertSubject', i)).replace(/\s+/g, ' ').trim();
		const text = String(ctx.getNodeParameter('alertText', i));
		const json = ctx.getInputData()[i].json;
		const key = String(json.messageSid ?? json.key ?? `${subject}/${text}`);
		const sent = await sendEmail(
			providerHttp(ctx, GMAIL, true),
			gmail,
			{ to, subject, text, html: null, sendKey: `staff-alert/${key}`, date: now },
			transportOptions(RETRY),
		);
		return { json: { ...json, staffAlert: { to, subject, messageId: sent.messageId, id: sent.id } } };
	},
};
