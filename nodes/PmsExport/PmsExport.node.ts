import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { parseExportSettings, SettingsError, type ExportSettings } from '../../core/pms-export/options';
import { base64Chunks, ExportFileError, procedureLines, readExport, type ByteSource } from '../../core/pms-export/read';
import { properties } from './description';
import { referenceNow } from '../shared/options';
import { readPracticeProfile, practiceProfileTest } from '../shared/practice';

async function fileBytes(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
): Promise<{ bytes: ByteSource; fileName: string | null }> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, field);
	const fileName = binary.fileName ?? null;
	// Filesystem, database or S3 binary mode (n8n's defaults): stream it from storage.
	if (binary.id) return { bytes: await ctx.helpers.getBinaryStream(binary.id), fileName };
	// In-memory mode: the item holds base64; decode it slice by slice, never a second full copy.
	return { bytes: base64Chunks(binary.data), fileName };
}

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
		properties,
	};

	methods = { credentialTest: { practiceProfileTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const cases: INodeExecutionData[] = [];
		const rejected: INodeExecutionData[] = [];
		const warnings: INodeExecutionData[] = [];
		const { zone } = await readPracticeProfile(this);

		for (let i = 0; i < items.length; i++) {
			const pairedItem = { item: i };
			let fileName: string | null = null;
			try {
				const options = this.getNodeParameter('options', i, {}) as IDataObject;
				const settings: ExportSettings = {
					preset: this.getNodeParameter('preset', i) as ExportSettings['preset'],
					columnMap: this.getNodeParameter('columnMap', i, {}) as ExportSettings['columnMap'],
					...(options as Partial<ExportSettings>),
					timezone: zone,
					// A Reference Time typed in the editor is the practice's wall-clock time.
					now: referenceNow(this.getNode(), options.now, zone, i),
				};
				const exportOptions = parseExportSettings(settings);
				const file = await fileBytes(this, i, this.getNodeParameter('binaryPropertyName', i) as string);
				fileName = file.fileName;
				const result = await readExport(file.bytes, exportOptions);

				const asRows = this.getNodeParameter('output', i) === 'rows';
				const good = asRows ? procedureLines(result.cases) : result.cases;
				for (const json of good) cases.push({ json: json as unknown as IDataObject, pairedItem });
				for (const row of result.rejected)
					rejected.push({ json: { ...row, file: fileName } as unknown as IDataObject, pairedItem });
				for (const warning of result.warnings)
					warnings.push({ json: { ...warning, file: fileName } as unknown as IDataObject, pairedItem });
			} catch (error) {
				const failure = toNodeError(this, error, i);
				if (this.continueOnFail()) {
					rejected.push({
						json: {
							file: fileName,
							row: null,
							field: 'file',
							reasonCode: 'file_error',
							reason: failure.message,
							error: failure.message,
						},
						pairedItem,
					});
					continue;
				}
				throw failure;
			}
		}
		return [cases, rejected, warnings];
	}
}

function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof SettingsError) {
		return new NodeOperationError(
			ctx.getNode(),
			`Setting "${error.setting}" ${error.message.slice(error.setting.length + 1)}`,
			{ itemIndex },
		);
	}
	if (error instanceof ExportFileError) {
		const where = error.line ? ` (line ${error.line})` : '';
		return new NodeOperationError(ctx.getNode(), `${error.message}${where}`, {
			itemIndex,
			description: error.description,
		});
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
