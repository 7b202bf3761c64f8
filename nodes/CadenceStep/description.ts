/** What the practice sets in Cadence Step: the journey. Its details and send window come from the practice profile. */
import type { INodeProperties } from 'n8n-workflow';
import { adjustableFields } from '../../core/journey/adjust';
import { TEMPLATES } from '../../core/journey/templates';
import { referenceTimeOption } from '../shared/options';
import { outputsByOperation } from '../shared/router';

export const OUTPUTS_BY_OPERATION: Record<string, string[]> = {
	decide: ['SMS', 'Email', 'Staff Task', 'Waiting', 'Finished', 'Stopped'],
	enroll: ['Enrolled', 'Not Enrolled'],
	match: ['Matched', 'No Match'],
	preview: ['Preview'],
	record: ['Journal Rows', 'Staff Tasks'],
	archive: ['Archive Rows', 'Remove From Journal', 'Audit Cutoff'],
};

export const outputsExpression = outputsByOperation(OUTPUTS_BY_OPERATION);

const operation = ['decide', 'enroll'];
const journeyOps = { show: { operation: ['decide', 'enroll', 'preview', 'match'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Archive Finished',
				value: 'archive',
				action: 'Archive finished enrollments',
				description:
					'Move rows no tick needs any more (enrollments finished past the retention, old touches, replies and offers) from the journal to the archive table, and say which archive rows are past the audit retention',
			},
			{
				name: 'Decide',
				value: 'decide',
				action: 'Decide the next action of each enrollment',
				description:
					'Enroll new cases and decide, at "now", what each enrollment does next: text, email, staff task, wait, finish or stop',
			},
			{
				name: 'Enroll',
				value: 'enroll',
				action: 'Enroll cases into a journey',
				description: 'Turn cases into enrollments without deciding anything yet',
			},
			{
				name: 'Match Reply',
				value: 'match',
				action: 'Match replies to their enrollment',
				description:
					"Find the enrollment a patient's reply answers (and, on an implant journey, the milestone and days since), e.g. before Healing Check",
			},
			{
				name: 'Preview',
				value: 'preview',
				action: 'Preview a journey',
				description: 'The whole planned journey for each case, with dates and the rendered copy; sends nothing',
			},
			{
				name: 'Record',
				value: 'record',
				action: 'Record outcomes and replies',
				description: 'Fold Patient Message results, decisions and patient replies into journal rows to write back',
			},
		],
		default: 'decide',
	},
	{
		displayName:
			'Connect the PMS cases (or recalls, lapsed patients, missed appointments) to the first input and the rows of the "chairside_journal" Data table to the second.',
		name: 'inputsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation } },
	},
	{
		displayName:
			"Connect Patient Message results, Cadence Step decisions and Patient Reply Trigger replies to the first input. Replies also need the patient's journal rows on the second input.",
		name: 'recordNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['record'] } },
	},
	{
		displayName:
			'Connect Patient Reply Trigger replies to the first input and the rows of the "chairside_journal" Data table to the second.',
		name: 'matchNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['match'] } },
	},
	{
		displayName:
			'Connect every row of the "chairside_journal" Data table to the first input. Archive Rows go to the "chairside_archive" table (Insert), Remove From Journal to Delete Rows by ID on the journal, and Audit Cutoff to Delete Rows on the archive where "at" is before its "before".',
		name: 'archiveNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['archive'] } },
	},
	{
		displayName: 'Journey',
		name: 'journey',
		type: 'options',
		options: [
			// The default's value is written out: n8n's lint (and its verification scan) reads only literal option values.
			{
				name: TEMPLATES['treatment-follow-up'].name,
				value: 'treatment-follow-up',
				description: TEMPLATES['treatment-follow-up'].description,
			},
			...Object.values(TEMPLATES)
				.filter((t) => t.id !== 'treatment-follow-up')
				.map((t) => ({ name: t.name, value: t.id, description: t.description })),
			{
				name: 'Custom (JSON)',
				value: 'custom',
				description: 'Start from a template and edit steps, timing, conditions and copy',
			},
		],
		default: 'treatment-follow-up',
		displayOptions: journeyOps,
	},
	{
		displayName: 'Journey Definition',
		name: 'journeyJson',
		type: 'json',
		default: JSON.stringify(TEMPLATES['treatment-follow-up'], null, 2),
		description:
			'Steps (day, channel sms/email/staff_task, conditions, copy with {{firstName}}, {{practiceName}}, {{provider}}, {{treatment}}, {{bookingLink}}, {{costRange}}...), stop rules and caps. Checked before anything runs.',
		displayOptions: { show: { ...journeyOps.show, journey: ['custom'] } },
	},
	{
		displayName: 'Show',
		name: 'previewShow',
		type: 'options',
		options: [
			{
				name: 'Whole Journey per Case',
				value: 'journey',
				description: 'Every step with its date and the rendered copy',
			},
			{
				name: 'Upcoming Messages',
				value: 'upcoming',
				description:
					'One item per message or front-desk call in the next days, and one per case that would not start: connect Patient Message > Check Only for the go-live check',
			},
		],
		default: 'journey',
		displayOptions: { show: { operation: ['preview'] } },
	},
	{
		displayName: 'Days Ahead',
		name: 'daysAhead',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 90 },
		default: 14,
		displayOptions: { show: { operation: ['preview'], previewShow: ['upcoming'] } },
	},
	{
		displayName: 'Journey Settings',
		name: 'journeySettings',
		type: 'collection',
		placeholder: 'Change a Day, Step or Amount',
		default: {},
		description:
			"The journey's timing and amounts. Anything not added here stays as the journey ships; Preview shows the effect.",
		displayOptions: { show: journeyOps.show, hide: { journey: ['custom'] } },
		options: Object.values(TEMPLATES).flatMap((journey) =>
			adjustableFields(journey).map((f): INodeProperties => ({
				displayName: f.label,
				name: f.name,
				type: f.type,
				default: f.default,
				description: f.description,
				...(f.type === 'number' ? { typeOptions: { minValue: f.min, maxValue: f.max } } : {}),
				displayOptions: { show: { '/journey': [journey.id] } },
			})),
		),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['decide', 'enroll', 'preview', 'record', 'match', 'archive'] } },
		options: [
			{
				displayName: 'Keep Audit Rows (Days)',
				name: 'keepAuditDays',
				type: 'number',
				typeOptions: { minValue: 365 },
				default: 2190,
				description:
					"How long archived rows (who was sent what, when, and why) are kept before they are deleted. Six years matches HIPAA's documentation retention; every Data table counts toward n8n's N8N_DATA_TABLES_MAX_SIZE_BYTES.",
				displayOptions: { show: { '/operation': ['archive'] } },
			},
			{
				displayName: 'Keep Finished Enrollments (Days)',
				name: 'keepFinishedDays',
				type: 'number',
				typeOptions: { minValue: 270 },
				default: 365,
				description:
					'How long a finished or stopped enrollment stays in the journal, keeping its case or patient from starting the journey again. After it, a case still unscheduled or a patient still lapsed may start over. At least 270 days (the implant journey looks back 240).',
				displayOptions: { show: { '/operation': ['archive'] } },
			},
			referenceTimeOption,
		],
	},
];
