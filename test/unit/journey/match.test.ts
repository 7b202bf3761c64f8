import { DateTime } from 'luxon';
import { JournalIndex, row } from '../../../core/journey/journal';
import { matchReply } from '../../../core/journey/match';

const now = DateTime.fromISO('2026-03-05T21:30', { zone: 'America/Chicago' });
const enrollment = (subjectId: string, startedAt: string, status = 'active', journey = 'implant-journey') =>
	row({
		key: `${journey}/${subjectId}`,
		kind: 'enrollment',
		journey,
		patientId: '501',
		subjectId,
		status,
		startedAt,
		at: startedAt,
		mobile: '+15125550123',
	});

describe('matchReply', () => {
	const journal = new JournalIndex([
		enrollment('implant-501-extraction-2026-01-10', '2026-01-10T16:00:00.000Z', 'finished'),
		enrollment('implant-501-graft-2026-03-02', '2026-03-02T16:00:00.000Z'),
		enrollment('case-77', '2026-02-01T16:00:00.000Z', 'active', 'treatment-follow-up'),
	]);

	it("finds the patient's newest open enrollment in the journey, with the milestone and the days since it", () => {
		expect(matchReply({ from: '+15125550123' }, journal, 'implant-journey', now)).toEqual({
			patientId: '501',
			enrollment: 'implant-journey/implant-501-graft-2026-03-02',
			journey: 'implant-journey',
			subjectId: 'implant-501-graft-2026-03-02',
			milestone: 'graft',
			daysSinceMilestone: 3,
		});
	});

	it('a journey without milestones matches without them; an unknown number or no open enrollment does not match', () => {
		expect(matchReply({ from: '+15125550123' }, journal, 'treatment-follow-up', now)).toMatchObject({
			subjectId: 'case-77',
			milestone: null,
			daysSinceMilestone: null,
		});
		expect(matchReply({ from: '+15125550999' }, journal, 'implant-journey', now)).toBeNull();
		expect(matchReply({ from: '+15125550123' }, journal, 'hygiene-recall', now)).toBeNull();
	});
});
