import { huddleRow } from '../../../core/report/huddle';
import type { PerItemOperation } from '../../shared/router';
import type { ReportRun } from './common';

/** One row per PMS case for Convert to File (CSV), each cell safe to open in a spreadsheet (core/report/cells.ts). */
export const huddle: PerItemOperation<ReportRun> = {
	runs: 'perItem',
	description: [],
	execute: (ctx, i) => ({ json: huddleRow(ctx.getInputData()[i].json) }),
};
