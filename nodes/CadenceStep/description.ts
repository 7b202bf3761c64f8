/**
 * What the practice sets in Cadence Step: the journey. Its details and send window come from the
 * practice profile. The operations, one file each under actions/, carry the fields only they show.
 */
import type { INodeProperties } from 'n8n-workflow';
import { adjustableFields } from '../../core/journey/adjust';
import { TEMPLATES } from '../../core/journey/templates';
import { referenceTimeOption } from '../shared/options';
import { outputsByOperation } from '../shared/router';
import { archive } from './actions/archive';
import type { CadenceOperation } from './actions/common';
import { decide } from './actions/decide';
import { enroll } from './actions/enroll';
import { match } from './actions/match';
import { preview } from './actions/preview';
import { record } from './actions/record';

export const OPERATIONS: Record<string, CadenceOperation> = { archive, decide, enroll, match, preview, record };

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
	...record.description,
	...match.description,
	...archive.description,
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
	...preview.description,
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
