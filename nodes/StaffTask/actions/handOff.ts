import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { failedItem } from '../../shared/router';
import { handOffTask, openRow, taskRowsOf, alertKeys } from '../../../core/staff/task';
import { taskAlert } from '../../../core/staff/message';
import { firstNames } from '../../../core/staff/names';
import {
	alertOnce,
	failures,
	firstNameField,
	firstNameReader,
	frontDesk,
	linkFor,
	openSender,
	type StaffOperation,
} from './common';

/**
 * Each incoming task (Cadence Step > Record's task output, a lost chart note, a healing check-in)
 * becomes an alert to the front desk with a deadline in business hours, and its journal row
 * (output) records it open, due then, and where it went: connect the output to the journal's
 * upsert. A task already handed off (another run at the same instant) is not alerted again. Every
 * task row comes out, delivered or not: a task no channel took is kept open as recorded, and the
 * node says why in a hint (Cadence Step > Record leaves the row to this node). With a
 * PMS chosen, a task without a first name gets it from the PMS (README "Hand-offs to staff").
 */
export const handOff: StaffOperation = {
	runs: 'perRun',
	description: [
		firstNameField,
		{
			displayName: 'Respond Within (Business Hours)',
			name: 'respondWithin',
			type: 'number',
			typeOptions: { minValue: 0.25 },
			default: 4,
			displayOptions: { show: { operation: ['handOff'] } },
			description:
				"The deadline of an ordinary task, counted in the practice's business hours (practice profile). A deadline the task already carries (a healing call-back) is kept.",
		},
		{
			displayName: 'Urgent Within (Business Hours)',
			name: 'urgentWithin',
			type: 'number',
			typeOptions: { minValue: 0.25 },
			default: 1,
			displayOptions: { show: { operation: ['handOff'] } },
			description:
				'The deadline of an urgent task (a healing check-in with a warning sign, a question for the dentist); urgent tasks are also texted to the Front Desk Mobile',
		},
	],
	async execute(ctx, run) {
		const items = ctx.getInputData();
		const sender = await openSender(ctx, run.now);
		const rules = {
			hours: run.profile.hours,
			respondWithin: Number(ctx.getNodeParameter('respondWithin', 0, 4)),
			urgentWithin: Number(ctx.getNodeParameter('urgentWithin', 0, 1)),
		};
		const nameOf = firstNames(await firstNameReader(ctx, run));
		const unnamed = new Map<string, string>();
		const undelivered: string[] = [];
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const json = items[i].json as Record<string, unknown>;
			try {
				for (const source of taskRowsOf(json)) {
					if (source.status !== 'open') continue;
					const name = await nameOf(source.patientId, json.firstName);
					if (name.problem && source.patientId) unnamed.set(source.patientId, name.problem);
					const task = {
						...handOffTask(source, run.now, rules, name.firstName),
						nameNotFound: name.source === 'not_found',
					};
					const alert = taskAlert(task, 'new', {
						practiceName: run.profile.name,
						zone: run.profile.zone,
						closeLink: linkFor(run, task.key),
					});
					const targets = frontDesk(run.profile, task.urgent);
					const results = targets.length
						? await alertOnce(
								ctx,
								run,
								sender,
								targets,
								alert,
								(channel) => alertKeys.handOff(task.key, channel),
								task.patientId,
							)
						: [];
					const failed = targets.length
						? failures(results)
						: 'the practice profile names no staff channel (set Front Desk Email or Front Desk Slack Webhook URL)';
					if (failed) undelivered.push(`${task.key}: ${failed}`);
					const reached = results.filter((r) => r.status !== 'failed').map((r) => r.channel);
					// The task row always comes out (Record leaves it to this node): handed off when a channel took
					// it, else as it was recorded (open, no deadline told), for the daily list and the next run.
					out.push({ json: reached.length ? openRow(task, reached) : source, pairedItem: { item: i } });
				}
			} catch (error) {
				const failure =
					error instanceof NodeOperationError
						? error
						: new NodeOperationError(ctx.getNode(), `Item ${i}: ${(error as Error).message}`, { itemIndex: i });
				out.push(failedItem(ctx, i, failure));
			}
		}
		if (undelivered.length)
			ctx.addExecutionHints({
				message: `Not delivered to staff (kept open in the journal, on the daily list): ${undelivered.join('; ')}`,
				type: 'danger',
				location: 'outputPane',
			});
		if (unnamed.size)
			ctx.addExecutionHints({
				message: `Handed off by patient number, first name not found in the PMS: ${[...unnamed].map(([id, why]) => `patient ${id} (${why})`).join(', ')}`,
				type: 'warning',
				location: 'outputPane',
			});
		return [out];
	},
};
