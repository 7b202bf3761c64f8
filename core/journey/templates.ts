/** The journeys Chairside ships (templates/*.json), validated when the bundle loads. */
import treatmentFollowUp from '../../templates/treatment-follow-up.json';
import hygieneRecall from '../../templates/hygiene-recall.json';
import lapsedReactivation from '../../templates/lapsed-reactivation.json';
import noShowRecovery from '../../templates/no-show-recovery.json';
import implantJourney from '../../templates/implant-journey.json';
import appointmentReminder from '../../templates/appointment-reminder.json';
import reviewRequest from '../../templates/review-request.json';
import { parseJourney, type Journey } from './template';

export const TEMPLATES: Record<string, Journey> = Object.fromEntries(
	[
		treatmentFollowUp,
		hygieneRecall,
		lapsedReactivation,
		noShowRecovery,
		implantJourney,
		appointmentReminder,
		reviewRequest,
	].map((t) => {
		const journey = parseJourney(t, `templates/${t.id}.json`);
		return [journey.id, journey];
	}),
);
