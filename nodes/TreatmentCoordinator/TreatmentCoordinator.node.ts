import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type INodeCredentialTestResult,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { signPatientToken, verifyPatientToken } from '../../core/coordinator';
import { CREDENTIAL } from '../shared/pms/opendental';
import { practiceProfileTest } from '../shared/practice';
import { route } from '../shared/router';
import { COORDINATOR_ROUTER, properties } from './actions';
import { tokenSecretOf } from './actions/verifyToken';
import { operationSubtitle } from '../shared/subtitle';

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
				try {
					const { secret, maxLifetimeMinutes } = tokenSecretOf(credential.data ?? {});
					verifyPatientToken(
						signPatientToken(secret, 'test', new Date(Date.now() + 60_000)),
						secret,
						new Date(),
						maxLifetimeMinutes,
					);
					return { status: 'OK', message: 'The secret signs and verifies patient tokens' };
				} catch (error) {
					return { status: 'Error', message: (error as Error).message };
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, COORDINATOR_ROUTER);
	}
}
