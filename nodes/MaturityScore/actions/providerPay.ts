/** Provider Pay: each provider's compensation (payroll rows) over production (PMS procedures) for a period. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { providerPay as payRatios, type PayrollRow } from '../../../core/maturity/providers';
import { parseMoney } from '../../../core/normalize/money';
import { dateFieldText } from '../../shared/options';
import { runError, show, type MaturityOperation } from './common';
import { FIRST_ITEM, type PmsRead } from './pmsItems';

/** "Dr. Rivera=DOC1, Dr. Chen=DOC2": payroll's names to the PMS's abbreviations. */
function nameMap(text: string): Record<string, string> {
	return Object.fromEntries(
		text
			.split(/[,\n]/)
			.map((pair) => pair.split('=').map((s) => s.trim()))
			.filter((pair) => pair.length === 2 && pair[0] && pair[1]),
	);
}

function payrollRows(ctx: IExecuteFunctions): PayrollRow[] {
	const providerField = String(ctx.getNodeParameter('providerField', 0, 'provider'));
	const compensationField = String(ctx.getNodeParameter('compensationField', 0, 'compensation'));
	const rows: PayrollRow[] = [];
	ctx.getInputData().forEach(({ json }, i) => {
		if (!(compensationField in json)) return;
		const raw = json[compensationField];
		const compensation = typeof raw === 'number' ? raw : parseMoney(String(raw ?? ''));
		const provider = String(json[providerField] ?? '').trim();
		// A payroll row that cannot be read is an error naming the row: a silent skip would understate pay.
		if (compensation === null || !provider)
			throw new Error(`payroll row ${i}: needs "${providerField}" and a dollar amount in "${compensationField}"`);
		rows.push({ provider, compensation });
	});
	if (!rows.length)
		throw new Error(
			`no payroll rows in the input: merge in rows with "${providerField}" and "${compensationField}" (e.g. a payroll CSV through Extract From File)`,
		);
	return rows;
}

export const providerPay: MaturityOperation = {
	runs: 'perRun',
	onError: runError,
	description: [
		{
			displayName: 'Pay Period From',
			name: 'payFrom',
			type: 'dateTime',
			default: '',
			description: 'First day the payroll rows cover. Empty: 29 days before the reference day.',
			displayOptions: show('providerPay'),
		},
		{
			displayName: 'Pay Period To',
			name: 'payTo',
			type: 'dateTime',
			default: '',
			description: 'Last day, included. Empty: the reference day.',
			displayOptions: show('providerPay'),
		},
		{
			displayName: 'Payroll Provider Field',
			name: 'providerField',
			type: 'string',
			default: 'provider',
			description: "The payroll row's column naming the provider",
			displayOptions: show('providerPay'),
		},
		{
			displayName: 'Payroll Compensation Field',
			name: 'compensationField',
			type: 'string',
			default: 'compensation',
			description: "The column with the period's total compensation (base, commission, bonus, benefits)",
			displayOptions: show('providerPay'),
		},
		{
			displayName: 'Provider Names',
			name: 'providerNames',
			type: 'string',
			default: '',
			placeholder: 'Dr. Rivera=DOC1, Dr. Chen=DOC2',
			description: "Payroll's names for the PMS provider abbreviations, when they differ",
			displayOptions: show('providerPay'),
		},
	],
	execute(ctx, run) {
		const { items, now } = run as PmsRead;
		const day = (name: string, fallback: string) =>
			dateFieldText(ctx.getNodeParameter(name, 0, '')).slice(0, 10) || fallback;
		const range = {
			from: day('payFrom', now.minus({ days: 29 }).toISODate() as string),
			to: day('payTo', now.toISODate() as string),
		};
		const pay = payRatios(
			items.procedures,
			payrollRows(ctx),
			range,
			nameMap(String(ctx.getNodeParameter('providerNames', 0, ''))),
		);
		return [pay.map((p) => ({ json: { ...p, ...range } as unknown as IDataObject, pairedItem: FIRST_ITEM }))];
	},
};
