import type { INodeExecutionData } from 'n8n-workflow';
import { alertKeys, followUps } from '../../../core/staff/task';
import { taskAlert } from '../../../core/staff/message';
import {
	alertOnce,
	failures,
	frontDesk,
	linkFor,
	named,
	openSender,
	rowsFrom,
	type StaffOperation,
	type Target,
} from './common';

/**
 * Open tasks past their deadline, from the journal on the input: one reminder to the front desk,
 * then, a further stretch of business hours later, one note to the escalation contact. Each is
 * claimed once, so a schedule every 15 minutes (or two runs at once) sends each once. A closed
 * task is no longer open in the journal and gets nothing more.
 */
export const followUp: StaffOperation = {
	runs: 'perRun',
	description: [
		{
			displayName: 'Escalate After (Business Hours)',
			name: 'escalateAfter',
			type: 'number',
			typeOptions: { minValue: 0.25 },
			default: 4,
			displayOptions: { show: { operation: ['followUp'] } },
			description:
				"How long past its deadline a task may stay open before the practice profile's Escalation Email hears about it, in business hours",
		},
	],
	async execute(ctx, run) {
		const rows = rowsFrom(ctx);
		const escalateAfter = Number(ctx.getNodeParameter('escalateAfter', 0, 4));
		const sender = await openSender(ctx, run.now);
		const out: INodeExecutionData[] = [];
		for (const { task, stage } of await named(ctx, run, followUps(rows, run.now, run.profile.hours, escalateAfter))) {
			const alert = taskAlert(task, stage, {
				practiceName: run.profile.name,
				zone: run.profile.zone,
				closeLink: linkFor(run, task.key),
			});
			const escalateTo = run.profile.staff.escalationEmail || run.profile.staff.email;
			const targets: Target[] =
				stage === 'reminder'
					? frontDesk(run.profile, task.urgent)
					: escalateTo
						? [{ channel: 'email', to: escalateTo }]
						: [];
			const results = await alertOnce(
				ctx,
				run,
				sender,
				targets,
				alert,
				(channel) => (stage === 'reminder' ? alertKeys.reminder(task.key, channel) : alertKeys.escalation(task.key)),
				task.patientId,
			);
			if (!results.some((r) => r.status !== 'already')) continue;
			const failed = failures(results);
			out.push({
				json: {
					key: task.key,
					patientId: task.patientId,
					stage,
					dueAt: task.dueAt,
					sent: results.filter((r) => r.status === 'sent').map((r) => r.channel),
					...(failed ? { error: failed } : {}),
				},
			});
		}
		return [out];
	},
};
