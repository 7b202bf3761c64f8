/** Provider Pay: each provider's compensation (payroll rows) over production (PMS procedures) for a period. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { providerPay as payRatios, type PayrollRow } from '../../../core/maturity/providers';
import { parseMoney } from '../../../core/normalize/money';
import { dateFieldText } from '../../shared/options';
import type { Action } from './common';
import { FIRST_ITEM, readPmsItems } from './pmsItems';

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

export const providerPay: Action = async (ctx: IExecuteFunctions) => {
	const { items, now } = await readPmsItems(ctx);
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
};
