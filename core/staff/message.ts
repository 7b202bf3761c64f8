/**
 * The words of a staff alert, one per channel: an email (subject and text), a Slack message
 * (mrkdwn, https://api.slack.com/reference/surfaces/formatting) and a short text for the front
 * desk's mobile. A patient is named by first name and PMS number only, what is needed in lay
 * words, and by when in the practice's time; the clinical-detail check (core/guard/phi.ts) runs
 * over every alert, and a task whose words fail it is named without them.
 */
import { DateTime } from 'luxon';
import { DEFAULT_CLINICAL_WORDS, phiMatcher } from '../guard/phi';
import type { StaffTask } from './task';

export interface StaffAlert {
	subject: string;
	text: string;
	slack: { text: string };
	sms: string;
}

export interface AlertContext {
	practiceName: string;
	zone: string;
	/** The signed link that closes the task (core/staff/link.ts); null when the node makes none. */
	closeLink: string | null;
}

export type AlertStage = 'new' | 'reminder' | 'escalation';

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);
const HELD_BACK = 'see the task in the journal (its words are kept out of messages)';

export const whenText = (iso: string, zone: string) =>
	DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('ccc d LLL, h:mm a');

export function who(task: Pick<StaffTask, 'firstName' | 'patientId' | 'nameNotFound'>): string {
	if (task.firstName && task.patientId) return `${task.firstName} (patient ${task.patientId})`;
	if (task.firstName) return task.firstName;
	if (!task.patientId) return 'A patient';
	// A hand-off whose first-name lookup failed still goes out, by number, and says why the name is missing.
	return task.nameNotFound
		? `Patient ${task.patientId} (first name not found in the PMS)`
		: `Patient ${task.patientId}`;
}

function safeWhat(task: StaffTask): string {
	return phi.find(task.what) ? HELD_BACK : task.what;
}

const HEADINGS: Record<AlertStage, (practice: string) => string> = {
	new: (practice) => `${practice}: a task for the front desk`,
	reminder: (practice) => `${practice}: a task is past its deadline`,
	escalation: (practice) => `${practice}: nobody has closed this task`,
};

/** The alert for one task: handed off, overdue again, or escalated. */
export function taskAlert(task: StaffTask, stage: AlertStage, ctx: AlertContext): StaffAlert {
	const name = who(task);
	const what = safeWhat(task);
	const by = whenText(task.dueAt, ctx.zone);
	const deadline = stage === 'new' ? `By: ${by}` : `Was due: ${by} (handed off ${whenText(task.openedAt, ctx.zone)})`;
	const urgent = task.urgent ? 'Urgent. ' : '';
	const subjectWhat =
		stage === 'new'
			? `${urgent}${name} - by ${by}`
			: stage === 'reminder'
				? `Overdue: ${name} - was due ${by}`
				: `Not closed: ${name} - was due ${by}`;
	const escalation =
		stage === 'escalation'
			? ['The front desk was reminded and the task is still open. Please make sure someone takes it.']
			: [];
	const close = ctx.closeLink ? [`Done? Close it: ${ctx.closeLink}`] : [];
	const text = [
		HEADINGS[stage](ctx.practiceName),
		'',
		`${urgent}${name}: ${what}`,
		deadline,
		...escalation,
		'',
		...close,
		`Journal key: ${task.key}`,
	].join('\n');
	const slackLines = [
		`*${HEADINGS[stage](ctx.practiceName)}*`,
		`${urgent}${name}: ${what}`,
		deadline,
		...escalation,
		...(ctx.closeLink ? [`<${ctx.closeLink}|Close this task>`] : []),
	];
	const smsLead = stage === 'new' ? `${ctx.practiceName} task` : `${ctx.practiceName} OVERDUE`;
	return {
		subject: `${ctx.practiceName} task: ${subjectWhat}`,
		text,
		slack: { text: slackLines.join('\n') },
		sms: `${smsLead}: ${name}: ${what}. By ${by}.${ctx.closeLink ? ` Close: ${ctx.closeLink}` : ''}`,
	};
}

/** The morning list: every open task, oldest first, overdue ones marked. */
export function digestAlert(
	tasks: StaffTask[],
	now: DateTime,
	ctx: Omit<AlertContext, 'closeLink'> & { link: (task: StaffTask) => string | null },
): StaffAlert {
	const day = now.setZone(ctx.zone).toFormat('cccc d LLLL');
	const heading = `${ctx.practiceName}: ${tasks.length} open task${tasks.length === 1 ? '' : 's'} on ${day}`;
	const line = (task: StaffTask, i: number, slack: boolean) => {
		const late = task.dueAt && DateTime.fromISO(task.dueAt, { zone: 'utc' }) <= now ? ' - OVERDUE' : '';
		const due = task.dueAt ? `due ${whenText(task.dueAt, ctx.zone)}${late}` : 'no deadline';
		const link = ctx.link(task);
		const close = link ? (slack ? ` <${link}|close>` : `\n   Close: ${link}`) : '';
		return `${i + 1}. ${task.urgent ? 'Urgent. ' : ''}${who(task)}: ${safeWhat(task)} (${due})${close}`;
	};
	const none = 'Nothing is open. Thank you!';
	const list = (slack: boolean) => (tasks.length ? tasks.map((t, i) => line(t, i, slack)) : [none]);
	return {
		subject: heading,
		text: [heading, 'Oldest first.', '', ...list(false)].join('\n'),
		slack: { text: [`*${heading}* (oldest first)`, ...list(true)].join('\n') },
		sms: `${heading}.`,
	};
}
