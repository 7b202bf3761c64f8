import { DateTime } from 'luxon';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { DEFAULT_CLINICAL_WORDS, PHI_KIND_WORDS, phiMatcher } from '../../../../core/guard';
import type { CommlogRequest } from '../../../../core/pms/writer';
import { dateFieldText } from '../../../shared/options';
import { choiceField, idField, idParameter, showFor, type Operation, type RunContext } from '../common';

const show = showFor('commlog', 'create');
// The log says that a touch happened, not what the chart says: the same rule as patient messages.
const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);

export const create: Operation = {
	writes: true,
	description: [
		idField('patientId', 'Patient ID', 'Open Dental PatNum', show),
		{
			displayName: 'Note',
			name: 'note',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			description: 'What was sent or received, without clinical detail: procedure codes, tooth numbers and diagnoses are refused',
			displayOptions: show,
		},
		choiceField('Mode', 'mode', ['Text', 'Email'], 'How the patient was reached (Mode_)', show),
		choiceField('Direction', 'direction', ['Sent', 'Received'], 'Sent to or received from the patient (SentOrReceived)', show),
		{
			displayName: 'Log Key',
			name: 'logKey',
			type: 'string',
			default: '',
			description: "Your own ID for this entry (e.g. the message's send key). It is tagged into the note, so an entry whose answer was lost is found rather than written twice.",
			displayOptions: show,
		},
		{ displayName: 'When', name: 'at', type: 'dateTime', default: '', description: 'When it happened (practice time). Empty means the reference time.', displayOptions: show },
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const patientId = idParameter(ctx, 'patientId', 'Patient ID', i);
		const note = String(ctx.getNodeParameter('note', i, '') ?? '').trim();
		if (!note) throw new NodeOperationError(ctx.getNode(), 'Note is empty', { itemIndex: i });
		const kind = phi.find(note);
		if (kind) {
			throw new NodeOperationError(ctx.getNode(), `Note contains ${PHI_KIND_WORDS[kind]}: a communication log entry carries no clinical detail`, {
				itemIndex: i,
				description: 'Describe the touch in lay terms (e.g. "Texted a reminder about the crown visit").',
			});
		}
		const atText = dateFieldText(ctx.getNodeParameter('at', i, ''));
		const at = atText ? DateTime.fromISO(atText, { zone: run.timezone }) : run.now.setZone(run.timezone);
		if (!at.isValid) throw new NodeOperationError(ctx.getNode(), `When "${atText}" is not a date and time`, { itemIndex: i });
		const request: CommlogRequest = {
			patientId,
			note,
			mode: ctx.getNodeParameter('mode', i) as CommlogRequest['mode'],
			direction: ctx.getNodeParameter('direction', i) as CommlogRequest['direction'],
			at: at.toFormat('yyyy-MM-dd HH:mm:ss'),
			key: String(ctx.getNodeParameter('logKey', i, '') ?? '').trim() || null,
		};
		const { id, reused } = await run.writer.logCommunication(request);
		return [{ item: { commlogId: id, alreadyLogged: reused, patientId, mode: request.mode, direction: request.direction, at: at.toISO() }, pmsIds: { CommlogNum: Number(id), PatNum: Number(patientId) } }];
	},
};
