import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';
import { ONLY_OPERATION, route, type Router } from '../shared/router';
import { read, type ExportRun } from './actions/read';

/** One operation, so no Operation parameter: the router runs it. */
const ROUTER: Router<ExportRun> = {
	operations: { [ONLY_OPERATION]: read },
	readRun: async (ctx) => ({ zone: (await readPracticeProfile(ctx)).zone }),
};

export class PmsExport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PMS Export',
		name: 'pmsExport',
		icon: { light: 'file:pmsExport.svg', dark: 'file:pmsExport.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { dentrixTreatmentManager: "Dentrix", eaglesoftPlannedServices: "Eaglesoft", openDentalTreatmentFinder: "Open Dental", generic: "Generic CSV" }[$parameter["preset"]] }}',
		description: 'Turn a Dentrix, Eaglesoft or Open Dental treatment export (CSV) into treatment cases',
		defaults: { name: 'PMS Export' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		// Warnings: a contact value left out (the case still comes out) or the file's real encoding.
		outputNames: ['Cases', 'Rejected Rows', 'Warnings'],
		// As a tool it reads the file on the agent's input item (a CSV uploaded in the chat).
		usableAsTool: true,
		// Export dates carry no zone: they are the practice's (its profile's).
		credentials: [{ name: 'chairsidePracticeApi', required: true, testedBy: 'practiceProfileTest' }],
		properties: read.description,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this, ROUTER);
	}
}
