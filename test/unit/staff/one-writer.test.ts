/**
 * One writer per task row: Cadence Step > Record and Staff Task > Hand Off both feed the journal's
 * upsert, and n8n runs the two upserts in canvas order (v1: the higher node first). With a Hand
 * Off after it, Record leaves the open task rows off its first output, so the handed-off row is
 * the one the journal keeps whichever upsert runs first; without one, Record writes them itself.
 */
import { DateTime } from 'luxon';
import type { IExecuteFunctions, INode, INodeExecutionData, NodeTypeAndVersion } from 'n8n-workflow';
import { parsePracticeHours } from '../../../core/healing/hours';
import { row, type JournalRow } from '../../../core/journey/journal';
import { handOffTask, openRow, taskRowsOf } from '../../../core/staff/task';
import { CadenceStep } from '../../../nodes/CadenceStep/CadenceStep.node';
import { withProfile } from '../practice/profile-fields';

const ZONE = 'America/Chicago';
const NOW = DateTime.fromISO('2026-03-09T10:00', { zone: ZONE });
const NODE: INode = {
	id: 'r1',
	name: 'Record',
	type: 'n8n-nodes-chairside.cadenceStep',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const HAND_OFF: NodeTypeAndVersion = {
	name: 'Hand Off to Staff',
	type: 'n8n-nodes-chairside.staffTask',
	typeVersion: 1,
	disabled: false,
	parameters: { operation: 'handOff' },
};
const WRITE: NodeTypeAndVersion = {
	name: 'Write Journal',
	type: 'n8n-nodes-base.dataTable',
	typeVersion: 1.1,
	disabled: false,
};

/** A touch sent and its chart note lost: the touch row and an open task, as Chart Note Lost carries them. */
const touch = row({
	key: 'treatment-follow-up/C9#day-1-text',
	kind: 'touch',
	patientId: '1042',
	status: 'sent',
	at: NOW.toUTC().toISO(),
});
const task = row({
	key: 'task/chart/treatment-follow-up/C9#day-1-text',
	kind: 'task',
	patientId: '1042',
	status: 'open',
	reason: 'chart note could not be written: add it by hand',
	at: NOW.toUTC().toISO(),
});
const lostNote = { kind: 'chairside.task', journal: [touch, task] };

function record(children: NodeTypeAndVersion[]): Promise<INodeExecutionData[][]> {
	const params: Record<string, unknown> = { operation: 'record', options: { now: NOW.toISO() } };
	const ctx = {
		getInputData: (input = 0) => (input === 0 ? [{ json: lostNote }] : []),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => params[name] ?? fallback,
		getNode: () => NODE,
		getChildNodes: () => children,
		getTimezone: () => ZONE,
		getCredentials: withProfile(),
		continueOnFail: () => false,
	} as unknown as IExecuteFunctions;
	return new CadenceStep().execute.call(ctx) as Promise<INodeExecutionData[][]>;
}

/** The Data table's upsert by key: the later write of a key replaces the row. */
function upsertAll(batches: JournalRow[][]): Map<string, JournalRow> {
	const table = new Map<string, JournalRow>();
	for (const batch of batches) for (const r of batch) table.set(r.key, r);
	return table;
}

const rules = { hours: parsePracticeHours('Mon-Fri 08:00-17:00', ZONE), respondWithin: 4, urgentWithin: 1 };
/** What Hand Off writes for the task (its output): the row open, due, when and where it was handed off. */
const handedOff = (tasks: INodeExecutionData[]) =>
	tasks.flatMap((t) => taskRowsOf(t.json)).map((r) => openRow(handOffTask(r, NOW, rules), ['email', 'slack']));

describe('one writer per task row', () => {
	it('with a Hand Off after it, Record writes the touch but leaves the task to Hand Off; either upsert order keeps the handed-off row', async () => {
		const [rows, tasks] = await record([WRITE, HAND_OFF]);
		expect(rows.map((r) => r.json.key)).toEqual([touch.key]);
		expect(tasks.map((t) => t.json.key)).toEqual([task.key]);
		const fromHandOff = handedOff(tasks);
		const fromRecord = rows.map((r) => r.json as JournalRow);
		for (const order of [
			[fromRecord, fromHandOff],
			[fromHandOff, fromRecord],
		]) {
			const kept = upsertAll(order).get(task.key)!;
			expect(kept).toMatchObject({ status: 'open', startedAt: NOW.toUTC().toISO(), channel: 'email slack' });
			expect(upsertAll(order).get(touch.key)).toEqual(touch);
		}
	});

	it('without a Hand Off (or with it disabled, or another Staff Task operation), Record writes the task row itself', async () => {
		for (const children of [
			[WRITE],
			[WRITE, { ...HAND_OFF, disabled: true }],
			[WRITE, { ...HAND_OFF, parameters: { operation: 'digest' } }],
		]) {
			const [rows, tasks] = await record(children);
			expect(rows.map((r) => r.json.key).sort()).toEqual([task.key, touch.key].sort());
			expect(tasks.map((t) => t.json.key)).toEqual([task.key]);
		}
	});

	it('the old way (both write the task) depends on the order: the later Record write drops the hand-off', async () => {
		// Why the rule above exists: Record's row after Hand Off's leaves the task never handed off.
		const [, tasks] = await record([WRITE, HAND_OFF]);
		const kept = upsertAll([handedOff(tasks), [touch, task]]).get(task.key)!;
		expect(kept.startedAt).toBeNull();
	});
});
