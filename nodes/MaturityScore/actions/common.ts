import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Operation, PerRunOperation } from '../../shared/router';
import { readPmsItems, type PmsRead } from './pmsItems';

/** What a run reads once: the PMS items and "now" to measure from; nothing for Assess Stage (numbers only, no profile). */
export type MaturityRun = PmsRead | null;

export type MaturityOperation = Operation<MaturityRun>;

export function readRun(ctx: IExecuteFunctions, key: string): Promise<MaturityRun> | null {
	return key === 'assess' ? null : readPmsItems(ctx);
}

/** Under Continue On Fail, a measurement that failed as a whole (no PMS items, a bad payroll row) is one error item. */
export const runError: PerRunOperation<MaturityRun>['onError'] = (failure) => ({ json: { error: failure.message } });

export const show = (...operation: string[]): INodeProperties['displayOptions'] => ({ show: { operation } });
