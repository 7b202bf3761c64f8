/** Assess Stage: per input item, the stage, the leakage and the next move. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { assess as assessPractice } from '../../../core/maturity/assess';
import { parseEconomics, parseFootprint, parseMetrics } from '../../../core/maturity/inputs';
import { DEFAULT_ECONOMICS } from '../../../core/maturity/leakage';
import type { PracticeEconomics, PracticeMetrics } from '../../../core/maturity/types';
import { toNodeError } from '../../shared/errors';
import type { Action } from './common';

const measured = z
	.object({ practiceMetrics: z.record(z.number().nullable()), economics: z.record(z.number()) })
	.passthrough();

/** Measured numbers as the assessment takes them: not-measured (null) metrics stay out. */
function fromMeasurement(
	json: IDataObject,
	itemIndex: number,
): { metrics: PracticeMetrics; economics: Partial<PracticeEconomics> } {
	const parsed = measured.safeParse(json);
	if (!parsed.success) {
		throw new Error(
			`item ${itemIndex} is not a Measure result (no practiceMetrics/economics): set Metrics From to "Fields Below", or put Maturity Score (Measure) before this node`,
		);
	}
	const metrics = Object.fromEntries(
		Object.entries(parsed.data.practiceMetrics).filter(([, v]) => v !== null),
	) as PracticeMetrics;
	const economics = Object.fromEntries(
		Object.entries(parsed.data.economics).filter(([, v]) => Number.isFinite(v)),
	) as Partial<PracticeEconomics>;
	return { metrics, economics };
}

export const assess: Action = async (ctx: IExecuteFunctions) => {
	const out: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let i = 0; i < items.length; i++) {
		try {
			const source = ctx.getNodeParameter('metricsFrom', i) as string;
			const base = source === 'measurement' ? fromMeasurement(items[i].json, i) : { metrics: {}, economics: {} };
			// Typed-in numbers win over measured ones, measured ones over the defaults.
			const metrics = { ...base.metrics, ...parseMetrics(ctx.getNodeParameter('metrics', i, {}) as IDataObject) };
			const economics = {
				...DEFAULT_ECONOMICS,
				...base.economics,
				...parseEconomics(ctx.getNodeParameter('economics', i, {}) as IDataObject),
			};
			const tools = ctx.getNodeParameter('footprint', i, []) as string[];
			const footprint = parseFootprint(Object.fromEntries(tools.map((t) => [t, true])));
			const assessment = assessPractice(metrics, footprint, economics);
			const measurement = source === 'measurement' ? items[i].json : null;
			out.push({ json: { ...assessment, economics, measurement } as unknown as IDataObject, pairedItem: { item: i } });
		} catch (error) {
			const failure = toNodeError(ctx.getNode(), error, i);
			if (!ctx.continueOnFail()) throw failure;
			out.push({ json: { error: failure.message }, pairedItem: { item: i } });
		}
	}
	return [out];
};
