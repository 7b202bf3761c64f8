import type { INodeProperties } from 'n8n-workflow';
import { readPmsRun } from '../../shared/pms/context';
import type { Router } from '../../shared/router';
import type { CoordinatorOperation, CoordinatorRun } from './common';
import { handOff } from './handOff';
import { logHesitation } from './logHesitation';
import { options } from './options';
import { screen } from './screen';
import { readTokenSecret, verifyToken } from './verifyToken';

const OPERATIONS: Record<string, CoordinatorOperation> = { screen, logHesitation, handOff, verifyToken };

export const COORDINATOR_ROUTER: Router<CoordinatorRun, CoordinatorOperation> = {
	operations: OPERATIONS,
	// Screening reads no credential. Open Dental is opened once, only when the operation writes, and a
	// read-only key is refused before anything is sent; the token secret is read once, before any item.
	async readRun(ctx, _key, operation) {
		if (operation.writes) return { pms: await readPmsRun(ctx, true) };
		if (operation.readsTokenSecret) return { tokenSecret: await readTokenSecret(ctx) };
		return {};
	},
};

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Hand Off to Staff',
			value: 'handOff',
			action: 'Hand off to staff',
			description:
				"Pass the conversation to a person: writes a follow-up note to the patient's Open Dental chart and returns a staff task. Always call it when the patient asks a clinical question, about prognosis (can it wait, how long will it last), financing terms or insurance, a discount or a lower price, complains, or is in a sensitive situation, and when Screen Message does not allow a draft. Then tell the patient a team member will reach out, and stop.",
		},
		{
			name: 'Log Hesitation',
			value: 'logHesitation',
			action: 'Log why a patient hesitates',
			description:
				"Record in the patient's Open Dental chart why they have not booked their treatment yet (timing, cost, travel, uncertainty, other). Call it whenever the patient says why they are waiting. Returns what to do next; cost always goes to staff.",
		},
		{
			name: 'Screen Message',
			value: 'screen',
			action: 'Screen a message',
			description:
				'Check a message for topics only staff may handle. Always screen every patient message before answering it and every reply before sending it. When Hand Off is true, do not answer or send: call Hand Off to Staff.',
		},
		{
			name: 'Verify Patient Token',
			value: 'verifyToken',
			action: 'Verify a patient token',
			description:
				"Identify the patient of a chat-widget message by the token the practice's server signed (HMAC-SHA256 with the Chairside Patient Token secret). A bad signature or an expired token stops the run before the model sees anything.",
		},
	],
	default: 'screen',
};

export const properties: INodeProperties[] = [
	operation,
	...Object.values(OPERATIONS).flatMap((op) => op.description),
	options,
];
