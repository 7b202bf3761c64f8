import { renderWeeklyReport } from '../../../core/report/weekly';
import type { PerRunOperation } from '../../shared/router';
import { reportFailure, weeklyItem, type WeeklyRun } from './common';

/** The subject, HTML and text, sending nothing. */
export const render: PerRunOperation<WeeklyRun> = {
	runs: 'perRun',
	description: [],
	execute: (ctx, { week }) =>
		weeklyItem(ctx, { ...renderWeeklyReport(week), weekOf: week.weekOf, stage: week.assessment.stage }),
	onError: reportFailure,
};
