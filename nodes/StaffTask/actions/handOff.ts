import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { handOffTask, openRow, taskRowsOf, alertKeys } from '../../../core/staff/task';
import { taskAlert } from '../../../core/staff/message';
import { alertOnce, failures, frontDesk, linkFor, openSender, type StaffOperation } from './common';

/**
 * Each incoming task (Cadence Step > Record's task output, a lost chart note, a healing check-in)
 * becomes an alert to the front desk with a deadline in business hours, and its journal row
 * (output) records it open, due then, and where it went: connect the output to the journal's
 * upsert. A task already handed off (another run at the same instant) is not alerted again.
 */
export const handOff: StaffOperation = {
	runs: 'perRun',
	description: [
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
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const json = items[i].json as Record<string, unknown>;
			try {
				const firstName = typeof json.firstName === 'string' ? json.firstName : null;
				for (const source of taskRowsOf(json)) {
					if (source.status !== 'open') continue;
					const task = handOffTask(source, run.now, rules, firstName);
					const alert = taskAlert(task, 'new', {
						practiceName: run.profile.name,
						zone: run.profile.zone,
						closeLink: linkFor(run, task.key),
					});
					const targets = frontDesk(run.profile, task.urgent);
					if (!targets.length)
						throw new NodeOperationError(
							ctx.getNode(),
							'The practice profile names no staff channel: set Front Desk Email or Front Desk Slack Webhook URL',
							{ itemIndex: i },
						);
					const results = await alertOnce(
						ctx,
						run,
						sender,
						targets,
						alert,
						(channel) => alertKeys.handOff(task.key, channel),
						task.patientId,
					);
					const failed = failures(results);
					if (failed && results.every((r) => r.status === 'failed'))
						throw new NodeOperationError(ctx.getNode(), `Task ${task.key} reached no one: ${failed}`, { itemIndex: i });
					const reached = results.filter((r) => r.status !== 'failed').map((r) => r.channel);
					out.push({
						json: { ...openRow(task, reached), ...(failed ? { deliveryError: failed } : {}) },
						pairedItem: { item: i },
					});
				}
			} catch (error) {
				const message = error instanceof NodeOperationError ? error.message : `Item ${i}: ${(error as Error).message}`;
				if (!ctx.continueOnFail())
					throw error instanceof NodeOperationError
						? error
						: new NodeOperationError(ctx.getNode(), message, { itemIndex: i });
				out.push({ json: { error: message }, pairedItem: { item: i } });
			}
		}
		return [out];
	},
};
