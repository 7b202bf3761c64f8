import type { INodeProperties } from 'n8n-workflow';
import { referenceTimeOption } from '../shared/options';

const column = (name: string, displayName: string, placeholder: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description,
});

export const properties: INodeProperties[] = [
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
