import { DateTime } from 'luxon';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { DEFAULT_CLINICAL_WORDS, PHI_KIND_WORDS, phiMatcher } from '../../../../core/guard';
import { row } from '../../../../core/journey/journal';
import type { CommlogRequest, LoggedCommunication } from '../../../../core/pms/writer';
import { locks } from '../../../../core/state/shared-state';
import { toNodeError } from '../../../shared/errors';
import { sharedState } from '../../../shared/state';
import { dateFieldText } from '../../../shared/options';
import { choiceField, idField, idParameter, showFor, pmsOperation, type RunContext } from '../common';

const show = showFor('commlog', 'create');
// The log says that a touch happened, not what the chart says: the same rule as patient messages.
const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);

export const create = pmsOperation({
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
			description:
				'What was sent or received, without clinical detail: procedure codes, tooth numbers and diagnoses are refused',
			displayOptions: show,
		},
		choiceField('Mode', 'mode', ['Text', 'Email'], 'How the patient was reached (Mode_)', show),
		choiceField(
			'Direction',
			'direction',
			['Sent', 'Received'],
			'Sent to or received from the patient (SentOrReceived)',
			show,
		),
		{
			displayName: 'Log Key',
			name: 'logKey',
			type: 'string',
			default: '',
			description:
				"Your own ID for this entry (e.g. the message's send key). It is tagged into the note, so an entry whose answer was lost is found rather than written twice.",
			displayOptions: show,
		},
		{
			displayName: 'When',
			name: 'at',
			type: 'dateTime',
			default: '',
			description: 'When it happened (practice time). Empty means the reference time.',
			displayOptions: show,
		},
	],
	async execute(ctx: IExecuteFunctions, i: number, run: RunContext) {
		const patientId = idParameter(ctx, 'patientId', 'Patient ID', i);
		const note = String(ctx.getNodeParameter('note', i, '') ?? '').trim();
		if (!note) throw new NodeOperationError(ctx.getNode(), 'Note is empty', { itemIndex: i });
		const kind = phi.find(note);
		if (kind) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Note contains ${PHI_KIND_WORDS[kind]}: a communication log entry carries no clinical detail`,
				{
					itemIndex: i,
					description: 'Describe the touch in lay terms (e.g. "Texted a reminder about the crown visit").',
				},
			);
		}
		const atText = dateFieldText(ctx.getNodeParameter('at', i, ''));
		const at = atText ? DateTime.fromISO(atText, { zone: run.timezone }) : run.now.setZone(run.timezone);
		if (!at.isValid)
			throw new NodeOperationError(ctx.getNode(), `When "${atText}" is not a date and time`, { itemIndex: i });
		const request: CommlogRequest = {
			patientId,
			note,
			mode: ctx.getNodeParameter('mode', i) as CommlogRequest['mode'],
			direction: ctx.getNodeParameter('direction', i) as CommlogRequest['direction'],
			at: at.toFormat('yyyy-MM-dd HH:mm:ss'),
			key: String(ctx.getNodeParameter('logKey', i, '') ?? '').trim() || null,
		};
		const { id, reused, notCharted } = await logOnce(ctx, run, request).catch((error: unknown) => {
			// The transport has retried already: a note still not charted goes to a person, not nowhere.
			const failure = toNodeError(ctx.getNode(), error, i);
			failure.context.staffTask = chartNoteTask(request, failure.message, run);
			throw failure;
		});
		// NexHealth has no chart-note write: the item says so, and the journal (Record) keeps the note.
		const item = {
			commlogId: id,
			alreadyLogged: reused,
			patientId,
			mode: request.mode,
			direction: request.direction,
			at: at.toISO(),
			...(notCharted ? { charted: false, notCharted } : {}),
		};
		return [{ item, pmsIds: { CommlogNum: Number(id), PatNum: Number(patientId) } }];
	},
});

/**
 * The staff task for a note Open Dental would not take, as Cadence Step > Record files tasks (a
 * `chairside.task` carrying its journal row). With "On Error: Continue (using error output)" the
 * node sends it out on its error output as `details`; the shipped workflows lift it out (a Set
 * node, "Chart Note Lost") into Record. The note
 * passed the clinical-detail check above, so its lay text may be shown to staff.
 */
export function chartNoteTask(request: CommlogRequest, problem: string, run: Pick<RunContext, 'now'>) {
	const at = run.now.toUTC().toISO() as string;
	const what = `${request.direction === 'Sent' ? 'sent to' : 'received from'} the patient by ${request.mode === 'Text' ? 'text' : 'email'} at ${request.at}`;
	return {
		kind: 'chairside.task' as const,
		patientId: request.patientId,
		journal: [
			row({
				key: `task/chart/${request.key ?? `${request.patientId}/${request.at}`}`,
				kind: 'task',
				patientId: request.patientId,
				status: 'open',
				reason: 'chart note could not be written: add it by hand',
				at,
				detail: `Chart note for patient ${request.patientId} could not be written (${problem}): add it by hand. Note (${what}): "${request.note}"`,
			}),
		],
	};
}

/**
 * A keyed entry is claimed first, under its key's lock: two runs that chart the same message
 * (a retry, or a run that found the message already sent) write it once.
 */
async function logOnce(ctx: IExecuteFunctions, run: RunContext, request: CommlogRequest): Promise<LoggedCommunication> {
	if (!request.key) return run.writer.logCommunication(request);
	const key = `chart:${request.key}`;
	const state = await sharedState(ctx, 'chart_note', run.location);
	return state.exclusive(locks.key(key), async (view) => {
		const known = await view.get(key);
		if (known?.state === 'done') return { id: known.ref ?? '', reused: true };
		if (!known)
			await view.claim({
				key,
				kind: 'chart_note',
				at: run.now.toUTC().toISO() as string,
				patientId: request.patientId,
			});
		const logged = await run.writer.logCommunication(request).catch(async (error: unknown) => {
			// Nothing was charted (or the writer could not tell): the next run tries again.
			await view.release(key);
			throw toNodeError(ctx.getNode(), error);
		});
		await view.finish(key, logged.id);
		return logged;
	});
}
