/** Cadence Step's settings, read once per run (the router's readRun, not per item) and checked before anything happens. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import type { PracticeProfile } from '../../core/practice/profile';
import type { SendPolicy } from '../../core/practice/send-policy';
import { adjustJourney } from '../../core/journey/adjust';
import { retentionPolicy, type RetentionPolicy } from '../../core/journey/retention';
import { parseJourney, type Journey } from '../../core/journey/template';
import { TEMPLATES } from '../../core/journey/templates';
import { journalFrom, type Journal } from '../shared/journal';
import { referenceNow } from '../shared/options';
import { readPracticeProfile } from '../shared/practice';

export interface Settings {
	journey: Journey;
	/** The practice profile: its name, links and providers for the copy, its zone for "now". */
	practice: PracticeProfile;
	/** The profile's send window and caps: the same policy Patient Message's guard checks. */
	send: SendPolicy;
	now: DateTime;
	retention: RetentionPolicy;
	/** The journal on the second input, for Match Reply, which answers each reply against it; null for the others. */
	journal: Journal | null;
}

const BOOKING_LINK = /\{\{\s*bookingLink\s*\}\}/;

export async function readRun(ctx: IExecuteFunctions, operation: string): Promise<Settings> {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('options', 0, {}) as {
		now?: unknown;
		keepFinishedDays?: number;
		keepAuditDays?: number;
	};
	const practice = await readPracticeProfile(ctx);
	const now = referenceNow(node, options.now, practice.zone);
	const retention = retentionPolicy.safeParse({
		liveDays: options.keepFinishedDays ?? 365,
		auditDays: options.keepAuditDays ?? 2190,
	});
	if (!retention.success) {
		const issue = retention.error.issues[0];
		const name = issue.path[0] === 'auditDays' ? 'Keep Audit Rows (Days)' : 'Keep Finished Enrollments (Days)';
		throw new NodeOperationError(node, `${name} ${issue.message}`);
	}
	const base = { practice, send: practice.send, now, retention: retention.data, journal: null };
	// Recording and archiving read rows, not a journey: any template does.
	if (operation === 'record' || operation === 'archive') return { ...base, journey: TEMPLATES['treatment-follow-up'] };

	const choice = ctx.getNodeParameter('journey', 0) as string;
	let journey: Journey;
	try {
		if (choice === 'custom') {
			const raw = ctx.getNodeParameter('journeyJson', 0) as unknown;
			journey = parseJourney(typeof raw === 'string' ? JSON.parse(raw) : raw, 'Journey Definition');
		} else {
			journey = TEMPLATES[choice];
			if (!journey) throw new Error(`Journey "${choice}" is not one of ${Object.keys(TEMPLATES).join(', ')}`);
			journey = adjustJourney(journey, ctx.getNodeParameter('journeySettings', 0, {}) as Record<string, unknown>);
		}
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, {
			description: 'Fix the journey definition; nothing was sent.',
		});
	}
	if (
		(operation === 'decide' || operation === 'enroll') &&
		!practice.bookingLink &&
		BOOKING_LINK.test(JSON.stringify(journey.steps))
	) {
		throw new NodeOperationError(
			node,
			`The ${journey.name} journey's messages give the practice's booking link, and the Chairside Practice Profile has none`,
			{
				description: 'Open the Chairside Practice Profile credential and fill in Booking Link; nothing was sent.',
			},
		);
	}
	return { ...base, journey, journal: operation === 'match' ? journalFrom(ctx) : null };
}
