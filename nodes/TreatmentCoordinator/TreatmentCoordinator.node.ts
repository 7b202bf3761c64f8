import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type INodeCredentialTestResult,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	CoordinatorInputError,
	DEFAULT_MAX_LIFETIME_MINUTES,
	signPatientToken,
	verifyPatientToken,
} from '../../core/coordinator';
import type { RunContext } from '../shared/pms/context';
import { CREDENTIAL, openDentalReader, readOnlyRefusal } from '../shared/pms/opendental';
import { toNodeError } from '../shared/errors';
import { referenceNow } from '../shared/options';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';
import { OPERATIONS, properties } from './actions';
import type { TokenSecret } from './actions/common';
import { operationSubtitle } from '../shared/subtitle';

const TOKEN_CREDENTIAL = 'chairsidePatientTokenApi';

export class TreatmentCoordinator implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Treatment Coordinator',
		name: 'treatmentCoordinator',
		icon: { light: 'file:treatmentCoordinator.svg', dark: 'file:treatmentCoordinator.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			"Guardrails for an AI treatment coordinator following up unscheduled dental treatment: screen patient messages and draft replies for what only staff may handle (clinical questions, prognosis, financing, fees, complaints, sensitive situations), log why a patient hesitates, and hand the conversation to staff with a note in the patient's Open Dental chart",
		defaults: { name: 'Treatment Coordinator' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		// Screening needs no PMS; the two operations that write to the chart do.
		credentials: [
			{ name: CREDENTIAL, required: true, displayOptions: { show: { operation: ['handOff', 'logHesitation'] } } },
			{
				name: 'chairsidePracticeApi',
				required: true,
				testedBy: 'practiceProfileTest',
				displayOptions: { show: { operation: ['handOff', 'logHesitation'] } },
			},
			{
				name: 'chairsidePatientTokenApi',
				required: true,
				testedBy: 'patientTokenTest',
				displayOptions: { show: { operation: ['verifyToken'] } },
			},
		],
		properties,
	};

	methods = {
		credentialTest: {
			practiceProfileTest,
			/** Nothing to call: the test signs and verifies a token, so a secret too short to be safe is caught when it is saved. */
			async patientTokenTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = (credential.data ?? {}) as { secret?: string; maxLifetimeMinutes?: number };
				try {
					const secret = String(data.secret ?? '');
					verifyPatientToken(
						signPatientToken(secret, 'test', new Date(Date.now() + 60_000)),
						secret,
						new Date(),
						Number(data.maxLifetimeMinutes) > 0 ? Number(data.maxLifetimeMinutes) : DEFAULT_MAX_LIFETIME_MINUTES,
					);
					return { status: 'OK', message: 'The secret signs and verifies patient tokens' };
				} catch (error) {
					return { status: 'Error', message: (error as Error).message };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		const name = this.getNodeParameter('operation', 0) as string;
		const operation = OPERATIONS[name];
		if (!operation) throw new NodeOperationError(this.getNode(), `Unknown operation "${name}"`);

		// One reader per run, opened only when the operation writes; refused before anything is sent.
		let pms: Omit<RunContext, 'now'> | null = null;
		if (operation.writes === true) {
			const { zone: timezone } = await readPracticeProfile(this);
			const { reader, writer, readOnly } = await openDentalReader(this, timezone);
			if (readOnly) throw readOnlyRefusal(this.getNode());
			pms = { reader, writer, timezone };
		}

		// The token secret is read once, and its absence refuses the run before any item is looked at.
		let secret: TokenSecret | null = null;
		if (operation.writes === 'secret') {
			const credentials = await this.getCredentials<{ secret?: string; maxLifetimeMinutes?: number }>(TOKEN_CREDENTIAL);
			secret = {
				secret: String(credentials.secret ?? ''),
				maxLifetimeMinutes:
					Number(credentials.maxLifetimeMinutes) > 0
						? Number(credentials.maxLifetimeMinutes)
						: DEFAULT_MAX_LIFETIME_MINUTES,
			};
		}

		for (let i = 0; i < items.length; i++) {
			try {
				let json: IDataObject;
				if (operation.writes === 'secret') {
					json = operation.execute(this, i, secret as TokenSecret);
				} else if (operation.writes) {
					const now = referenceNow(
						this.getNode(),
						this.getNodeParameter('options.now', i, ''),
						(pms as Omit<RunContext, 'now'>).timezone,
						i,
					);
					json = await operation.execute(this, i, { ...(pms as Omit<RunContext, 'now'>), now });
				} else {
					json = operation.execute(this, i);
				}
				out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				const failure =
					error instanceof CoordinatorInputError
						? new NodeOperationError(this.getNode(), error.message, {
								itemIndex: i,
								...(error.hint ? { description: error.hint } : {}),
							})
						: toNodeError(this.getNode(), error, i);
				// An unidentified caller never goes on as an error item: the model must not see it.
				if (this.continueOnFail() && operation.writes !== 'secret') {
					out.push({ json: { error: failure.message }, pairedItem: { item: i } });
					continue;
				}
				throw failure;
			}
		}
		return [out];
	}
}
