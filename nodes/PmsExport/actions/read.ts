/**
 * PMS Export's one operation: read the CSV export on each input item. Each item carries its own
 * file, so it runs per item: its cases, its rejected rows and its warnings are paired with it, and
 * a file that cannot be read is that item's rejected row under continueOnFail.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';
import { parseExportSettings, SettingsError, type ExportSettings } from '../../../core/pms-export/options';
import {
	base64Chunks,
	ExportFileError,
	procedureLines,
	readExport,
	type ByteSource,
} from '../../../core/pms-export/read';
import { referenceNow, referenceTimeOption } from '../../shared/options';
import type { Emit, NodeFailure, PerItemOperation } from '../../shared/router';

/** Read once per run: export dates carry no zone, they are the practice's (its profile's). */
export interface ExportRun {
	zone: string;
}

/** The node's outputs (PmsExport.node.ts outputNames). */
const CASES = 0;
const REJECTED = 1;
const WARNINGS = 2;

const column = (name: string, displayName: string, placeholder: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description,
});

const description: INodeProperties[] = [
	{
		displayName:
			'Reads a CSV export that an earlier node loaded as a file (Read Files from Disk, Google Drive, an email attachment, FTP). Rows that cannot be trusted go to Rejected Rows with the row number and the reason. An invalid mobile or email only costs that channel: the case comes out without it and Warnings names the row and field.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Export Format',
		name: 'preset',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Dentrix Treatment Manager',
				value: 'dentrixTreatmentManager',
				description: 'Treatment Manager > Export: patient as "Last, First", Chart #, Code, Fee, Date',
			},
			{
				name: 'Eaglesoft Planned Services',
				value: 'eaglesoftPlannedServices',
				description: 'Planned services report: Patient ID, Service Code, Date Planned, Fee',
			},
			{
				name: 'Open Dental Treatment Finder',
				value: 'openDentalTreatmentFinder',
				description: 'Treatment Finder or the unscheduled-treatment query: PatNum, ProcCode, ProcFee, DateTP',
			},
			{
				name: 'Generic (Map Columns)',
				value: 'generic',
				description: 'Any CSV: name the columns that hold each field',
			},
		],
		default: 'dentrixTreatmentManager',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the export file',
	},
	{
		displayName: 'Column Mapping',
		name: 'columnMap',
		type: 'collection',
		placeholder: 'Map Column',
		default: {},
		displayOptions: { show: { preset: ['generic'] } },
		description:
			'Header names in your file. Fields you leave out are looked up under their usual names (e.g. "Fee", "Amount"). Patient ID, a name and the fee are required.',
		options: [
			column('patientId', 'Patient ID', 'Chart #', 'Column with the patient id or chart number'),
			column(
				'patientName',
				'Patient Name (Full)',
				'Patient',
				'Column with the full name, "Last, First" or "First Last"',
			),
			column('firstName', 'First Name', 'First Name', 'Column with the first name'),
			column('lastName', 'Last Name', 'Last Name', 'Column with the last name'),
			column('mobile', 'Mobile Phone', 'Cell Phone', 'Column with the mobile number: the only number that is texted'),
			column(
				'homePhone',
				'Home Phone',
				'Home Phone',
				'Column with a home or other phone: kept for call lists, never texted. A column called just "Phone" is read as this one.',
			),
			column('email', 'Email', 'Email', 'Column with the email address'),
			column('procedureCode', 'Procedure Code', 'Code', 'Column with the CDT code (D2740)'),
			column('description', 'Description', 'Description', 'Column with the procedure description'),
			column('fee', 'Fee', 'Fee', 'Column with the planned fee'),
			column('tooth', 'Tooth', 'Tooth', 'Column with the tooth number'),
			column('surface', 'Surface', 'Surf', 'Column with the surfaces'),
			column('plannedDate', 'Planned Date', 'Date Planned', 'Column with the date the treatment was planned'),
			column('provider', 'Provider', 'Provider', 'Column with the provider'),
			column('status', 'Status', 'Status', 'Column with the treatment status'),
			column('nextAppointment', 'Next Appointment', 'Next Appt', 'Column with the next appointment date'),
			column('clinic', 'Clinic', 'Clinic', 'Column with the clinic or location'),
		],
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'One Item per Treatment Case',
				value: 'cases',
				description: "A patient's planned procedures grouped, with total fee, category and age",
			},
			{
				name: 'One Item per Procedure Row',
				value: 'rows',
				description: 'Each accepted row, with the case it belongs to',
			},
		],
		default: 'cases',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Date Order',
				name: 'dateOrder',
				type: 'options',
				options: [
					{ name: 'Format Default (Month First)', value: 'preset' },
					{ name: 'Month First (03/07/2026 = March 7)', value: 'MDY' },
					{ name: 'Day First (03/07/2026 = 3 July)', value: 'DMY' },
				],
				default: 'preset',
				description: 'How to read dates that are not written year first. ISO dates (2026-03-07) are always understood.',
			},
			{
				displayName: 'Decimal Separator',
				name: 'decimal',
				type: 'options',
				options: [
					{ name: 'Point ($1,234.50)', value: '.' },
					{ name: 'Comma (1.234,50)', value: ',' },
				],
				default: '.',
			},
			{
				displayName: 'Default Country for Phones',
				name: 'defaultRegion',
				type: 'string',
				default: 'US',
				description: 'Two-letter country code used for numbers written without +country code',
			},
			{
				displayName: 'Delimiter',
				name: 'delimiter',
				type: 'options',
				options: [
					{ name: 'Detect', value: 'auto' },
					{ name: 'Comma', value: ',' },
					{ name: 'Semicolon', value: ';' },
					{ name: 'Tab', value: '\t' },
				],
				default: 'auto',
			},
			{
				displayName: 'File Encoding',
				name: 'encoding',
				type: 'options',
				options: [
					{ name: 'UTF-8', value: 'utf8' },
					{ name: 'Windows-1252 / Latin-1', value: 'latin1' },
				],
				default: 'utf8',
				description:
					'What you expect the file to be. The bytes decide: a file that is not UTF-8 is read as Windows-1252 / Latin-1 (older Windows PMS versions), and Warnings says so.',
			},
			{
				displayName: 'Header Search Lines',
				name: 'headerSearchLines',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 20,
				description: 'How many lines of report title may come before the header row',
			},
			referenceTimeOption,
		],
	},
];

export const read: PerItemOperation<ExportRun> = {
	runs: 'perItem',
	description,
	outputs: 3,
	async execute(ctx, i, { zone }) {
		let fileName: string | null = null;
		try {
			const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
			const settings: ExportSettings = {
				preset: ctx.getNodeParameter('preset', i) as ExportSettings['preset'],
				columnMap: ctx.getNodeParameter('columnMap', i, {}) as ExportSettings['columnMap'],
				...(options as Partial<ExportSettings>),
				timezone: zone,
				// A Reference Time typed in the editor is the practice's wall-clock time.
				now: referenceNow(ctx.getNode(), options.now, zone, i),
			};
			const exportOptions = parseExportSettings(settings);
			const file = await fileBytes(ctx, i, ctx.getNodeParameter('binaryPropertyName', i) as string);
			fileName = file.fileName;
			const result = await readExport(file.bytes, exportOptions);

			const asRows = ctx.getNodeParameter('output', i) === 'rows';
			const good = asRows ? procedureLines(result.cases) : result.cases;
			const item = (json: object, output: number): Emit => ({ json: json as IDataObject, output });
			return [
				...good.map((json) => item(json, CASES)),
				...result.rejected.map((row) => item({ ...row, file: fileName }, REJECTED)),
				...result.warnings.map((warning) => item({ ...warning, file: fileName }, WARNINGS)),
			];
		} catch (error) {
			const failure = exportError(ctx.getNode(), error, i);
			failure.context.file = fileName;
			throw failure;
		}
	},
	/** Under continueOnFail a file that cannot be read is one rejected row, naming the file. */
	onError: (failure: NodeFailure): Emit => ({
		json: {
			file: (failure.context.file as string | null | undefined) ?? null,
			row: null,
			field: 'file',
			reasonCode: 'file_error',
			reason: failure.message,
			error: failure.message,
		},
		output: REJECTED,
	}),
};

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

/** A setting or a file the export reader refused, named as the user sees it. */
function exportError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof SettingsError) {
		return new NodeOperationError(node, `Setting "${error.setting}" ${error.message.slice(error.setting.length + 1)}`, {
			itemIndex,
		});
	}
	if (error instanceof ExportFileError) {
		const where = error.line ? ` (line ${error.line})` : '';
		return new NodeOperationError(node, `${error.message}${where}`, { itemIndex, description: error.description });
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}
