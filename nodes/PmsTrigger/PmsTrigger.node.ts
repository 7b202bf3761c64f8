import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { DateTime } from 'luxon';
import type { Category } from '../../core/model/category';
import { IMPLANT_MILESTONES, type ImplantMilestone } from '../../core/model/clinical';
import { PMS_EVENT_TYPES, type PmsEventType, type PollCursor } from '../../core/pms/events';
import { freshDirectory } from '../../core/pms/opendental/directory';
import { pmsBackend, pmsParameter } from '../shared/pms/backend';
import { toNodeError } from '../shared/errors';
import { LAPSED_MONTHS } from '../../core/model/lapsed';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';

const words = (s: string) => s.replace(/_/g, ' ').replace(/^\w/, (m) => m.toUpperCase());
/** How many events a manual test run shows, from the last 30 days: enough to map fields. */
const SAMPLE = 5;

export class PmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PMS Trigger',
		name: 'pmsTrigger',
		icon: { light: 'file:pmsTrigger.svg', dark: 'file:pmsTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			'Starts a workflow when treatment is planned, a procedure is completed, an appointment changes, a recall comes due or a patient lapses in Open Dental',
		defaults: { name: 'PMS Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'openDentalApi', required: true, displayOptions: { show: { pms: ['openDental'] } } },
			{ name: 'nexHealthApi', required: true, displayOptions: { show: { pms: ['nexHealth'] } } },
			{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' },
		],
		properties: [
			pmsParameter,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: PMS_EVENT_TYPES.map((t) => ({ name: words(t), value: t })),
				default: ['procedure_completed'],
				description: 'Changes that start the workflow; each change starts it once',
			},
			{
				displayName: 'Code Families',
				name: 'families',
				type: 'multiOptions',
				options: IMPLANT_MILESTONES.map((m) => ({ name: `Implant Milestone: ${words(m)}`, value: m })),
				default: [],
				description: 'For Procedure Completed: only these implant milestones (none selected means every procedure)',
				displayOptions: { show: { events: ['procedure_completed'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Changes From the Last 30 Days on First Run',
						name: 'includeHistory',
						type: 'boolean',
						default: false,
						description: 'Whether the first poll after activation emits recent changes; off, it only starts watching',
					},
					{
						displayName: 'Lapsed After (Months)',
						name: 'lapsedMonths',
						type: 'number',
						default: LAPSED_MONTHS,
						description: 'For Patient Lapsed: months since the last completed visit',
					},
					{
						displayName: 'Recall Days Ahead',
						name: 'recallDaysAhead',
						type: 'number',
						default: 28,
						description: 'For Recall Due: a recall is emitted when it comes within this many days of its due date',
					},
				],
			},
		],
	};

	methods = { credentialTest: { practiceProfileTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const profile = await readPracticeProfile(this);
		const timezone = profile.zone;
		const now = DateTime.now().setZone(timezone);
		const manual = this.getMode() === 'manual';
		// The cursor lives in the workflow's static data: durable, per workflow, safe in queue mode.
		// So does the directory (providers, clinics, operatories, version): n8n builds a new reader
		// every poll, and reading it each time would cost four of Remote's one request a second.
		const state = this.getWorkflowStaticData('node') as { cursor?: PollCursor; directory?: unknown };
		const historyFrom = (days: number): PollCursor => ({
			changesSince: now.minus({ days }).toFormat('yyyy-MM-dd HH:mm:ss'),
			boundaryKeys: [],
			scannedOn: now.minus({ days }).toISODate() as string,
		});
		// First activation starts watching from now (no flood of old events) unless asked otherwise;
		// a manual test run looks back 30 days for a sample and leaves the cursor alone.
		const cursor: PollCursor =
			manual || (!state.cursor && options.includeHistory) ? historyFrom(30) : (state.cursor ?? historyFrom(0));

		const { reader } = await pmsBackend(this, profile, freshDirectory(state.directory, now));
		let result;
		try {
			result = await reader.poll({
				cursor,
				now,
				events: this.getNodeParameter('events') as PmsEventType[],
				families: this.getNodeParameter('families', []) as Array<Category | ImplantMilestone>,
				recallDaysAhead: (options.recallDaysAhead as number) ?? 28,
				lapsedMonths: (options.lapsedMonths as number) ?? LAPSED_MONTHS,
			});
		} catch (error) {
			// The cursor is not touched: the next poll asks for the same changes again.
			throw toNodeError(this.getNode(), error);
		}

		const items = result.events.map((e) => ({
			json: { event: e.type, eventKey: e.key, ...(e.data as unknown as IDataObject), pmsIds: e.pmsIds },
		}));
		state.directory = (await reader.directoryToSave(now)) ?? state.directory;
		if (manual) return items.length ? [items.slice(-SAMPLE)] : null;
		state.cursor = result.cursor;
		return items.length ? [items] : null;
	}
}
