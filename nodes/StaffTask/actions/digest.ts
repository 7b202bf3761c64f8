import { DateTime } from 'luxon';
import type { INodeExecutionData } from 'n8n-workflow';
import { alertKeys, openTasks } from '../../../core/staff/task';
import { digestAlert } from '../../../core/staff/message';
import { alertOnce, failures, frontDesk, linkFor, named, openSender, rowsFrom, type StaffOperation } from './common';

/** One message to the front desk listing every open task, oldest first; once per practice day. */
export const digest: StaffOperation = {
	runs: 'perRun',
	description: [],
	async execute(ctx, run) {
		const tasks = (
			await named(
				ctx,
				run,
				openTasks(rowsFrom(ctx)).map((task) => ({ task })),
			)
		).map(({ task }) => task);
		const alert = digestAlert(tasks, run.now, {
			practiceName: run.profile.name,
			zone: run.profile.zone,
			link: (task) => linkFor(run, task.key),
		});
		const day = run.now.setZone(run.profile.zone).toISODate() as string;
		const sender = await openSender(ctx, run.now);
		const targets = frontDesk(run.profile, false);
		const results = await alertOnce(
			ctx,
			run,
			sender,
			targets,
			alert,
			(channel) => alertKeys.digest(day, channel),
			null,
		);
		const failed = failures(results);
		const json = {
			day,
			open: tasks.length,
			overdue: tasks.filter((t) => t.dueAt && DateTime.fromISO(t.dueAt) <= run.now).length,
			sent: results.filter((r) => r.status === 'sent').map((r) => r.channel),
			...(failed ? { error: failed } : {}),
		};
		const out: INodeExecutionData[] = [{ json, pairedItem: ctx.getInputData().map((_, item) => ({ item })) }];
		return [out];
	},
};
