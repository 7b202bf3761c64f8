/** Cadence Step's settings, read once per run (not per item) and checked before anything happens. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import type { PracticeProfile } from '../../core/journey/copy';
import type { SendWindow } from '../../core/journey/decide';
import { adjustJourney } from '../../core/journey/adjust';
import { retentionPolicy, type RetentionPolicy } from '../../core/journey/retention';
import { parseJourney, type Journey } from '../../core/journey/template';
import { TEMPLATES } from '../../core/journey/templates';
import { referenceNow } from '../shared/options';

export interface Settings {
	journey: Journey;
	practice: PracticeProfile;
	window: SendWindow;
	maxPerDay: number;
	now: DateTime;
	retention: RetentionPolicy;
}

function providerNames(text: string): Record<string, string> {
	const names: Record<string, string> = {};
	for (const pair of text.split(',')) {
		const [abbr, ...rest] = pair.split('=');
		if (abbr?.trim() && rest.length) names[abbr.trim()] = rest.join('=').trim();
	}
	return names;
}

export function readSettings(ctx: IExecuteFunctions, operation: string): Settings {
	const node = ctx.getNode();
	const options = ctx.getNodeParameter('options', 0, {}) as {
		maxPerDay?: number;
		now?: unknown;
		windowStart?: number;
		windowEnd?: number;
		keepFinishedDays?: number;
		keepAuditDays?: number;
	};
	const window = { startHour: options.windowStart ?? 8, endHour: options.windowEnd ?? 20 };
	if (window.startHour < 8 || window.endHour > 21 || window.startHour >= window.endHour) {
		throw new NodeOperationError(node, `Send Window ${window.startHour}:00-${window.endHour}:00 is not allowed: it must lie within 08:00-21:00 (TCPA quiet hours)`);
	}
	const now = referenceNow(node, options.now, ctx.getTimezone());
	const retention = retentionPolicy.safeParse({ liveDays: options.keepFinishedDays ?? 365, auditDays: options.keepAuditDays ?? 2190 });
	if (!retention.success) {
		const issue = retention.error.issues[0];
		const name = issue.path[0] === 'auditDays' ? 'Keep Audit Rows (Days)' : 'Keep Finished Enrollments (Days)';
		throw new NodeOperationError(node, `${name} ${issue.message}`);
	}
	const base = { window, maxPerDay: options.maxPerDay ?? 1, now, retention: retention.data };
	// Recording and archiving read rows, not a journey: any template does.
	if (operation === 'record' || operation === 'archive') return { ...base, journey: TEMPLATES['treatment-follow-up'], practice: emptyPractice() };

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
		throw new NodeOperationError(node, (error as Error).message, { description: 'Fix the journey definition; nothing was sent.' });
	}
	// Matching a reply writes no copy: it needs the journey, not the practice's details.
	if (operation === 'match') return { ...base, journey, practice: emptyPractice() };
	const p = ctx.getNodeParameter('practice', 0, {}) as Partial<Record<keyof PracticeProfile, string>>;
	const practice: PracticeProfile = {
		name: p.name?.trim() ?? '',
		phone: p.phone?.trim() ?? '',
		address: p.address?.trim() ?? '',
		bookingLink: p.bookingLink?.trim() ?? '',
		defaultProvider: p.defaultProvider?.trim() || 'your dentist',
		providerNames: providerNames(String(p.providerNames ?? '')),
	};
	if (operation !== 'preview') {
		const missing = (['name', 'phone', 'bookingLink'] as const).filter((k) => !practice[k]);
		if (missing.length) throw new NodeOperationError(node, `Practice ${missing.join(', ')} must be set: every message names the practice and how to book`);
	}
	return { ...base, journey, practice };
}

function emptyPractice(): PracticeProfile {
	return { name: '', phone: '', address: '', bookingLink: '', defaultProvider: '', providerNames: {} };
}
