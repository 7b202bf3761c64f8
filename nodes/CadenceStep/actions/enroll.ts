import type { INodeExecutionData } from 'n8n-workflow';
import { enrollmentKey } from '../../../core/journey/journal';
import { entryRefusal, newEnrollment } from '../../../core/journey/engine';
import { journalFrom } from '../../shared/journal';
import { subjectsFrom, type CadenceOperation } from './common';

/**
 * New enrollment rows for the Data table (Enrolled), and why the others were not enrolled (Not
 * Enrolled). Over the whole run: a case twice in the input is enrolled once.
 */
export const enroll: CadenceOperation = {
	runs: 'perRun',
	// Its fields (the journey) are shared with Decide, Preview and Match: description.ts.
	description: [],
	execute(ctx, { journey, now }) {
		const enrolled: INodeExecutionData[] = [];
		const refused: INodeExecutionData[] = [];
		const subjects = subjectsFrom(ctx, refused, journey.anchor);
		const { index } = journalFrom(ctx);
		const seen = new Set<string>();
		for (const { subject, item } of subjects) {
			const key = enrollmentKey(journey.id, subject.subjectId);
			const reason = index.enrollments.has(key) || seen.has(key) ? 'already enrolled' : entryRefusal(journey, subject);
			seen.add(key);
			if (reason)
				refused.push({
					json: { enrollment: key, journey: journey.id, patientId: subject.patient.id, reason },
					pairedItem: { item },
				});
			else enrolled.push({ json: newEnrollment(journey, subject, now), pairedItem: { item } });
		}
		return [enrolled, refused];
	},
};
