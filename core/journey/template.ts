/**
 * A journey template: the follow-up protocol as data (steps, timing, channel, conditions, copy,
 * stop rules, caps), validated by a schema so a practice can edit it without code and a typo is
 * refused with the field's path instead of silently sending the wrong thing.
 */
import { z } from 'zod';
import { CATEGORIES } from '../model/category';
import { MESSAGE_PURPOSES } from '../messaging/touch';
import { IMPLANT_MILESTONES } from '../model/clinical';
import { unknownPlaceholders } from './placeholders';

export const STEP_CHANNELS = ['sms', 'email', 'staff_task'] as const;
export type StepChannel = (typeof STEP_CHANNELS)[number];

/** What a journey counts its days from. */
export const ANCHORS = [
	'enrolled',
	'due_date',
	'last_visit',
	'missed_appointment',
	'milestone',
	'appointment',
] as const;
export type Anchor = (typeof ANCHORS)[number];

export const STOP_REASONS = [
	'booked',
	'declined',
	'opted_out',
	'handoff',
	'unreachable',
	'expired',
	'cap_reached',
	'inactive_patient',
	'complained',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as 10:00');

export const conditionSchema = z
	.object({
		minCaseValue: z.number().nonnegative().optional(),
		maxCaseValue: z.number().positive().optional(),
		categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
		/** Implant journeys: only after these milestones. */
		milestones: z.array(z.enum(IMPLANT_MILESTONES)).min(1).optional(),
		/** Only while the PMS shows nothing booked ahead ("anything booked stops the prompts for that phase"). */
		unbooked: z.literal(true).optional(),
		scope: z.enum(['single', 'full_arch']).optional(),
		/** Appointment journeys: only while the PMS does not show the visit confirmed. */
		unconfirmed: z.literal(true).optional(),
		/** Appointment journeys: a visit still on the book (reminders) or one completed (a review request). */
		visit: z.enum(['upcoming', 'completed']).optional(),
	})
	.strict();
export type Condition = z.infer<typeof conditionSchema>;

const blockSchema = z.object({ when: conditionSchema, text: z.string().min(1) }).strict();

export const stepSchema = z
	.object({
		id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
		day: z.number().int().min(-365).max(730),
		/** What `day` counts from: the journey's anchor, or the day the next phase's window opens (implant journeys). */
		from: z.enum(['anchor', 'phase_window']).default('anchor'),
		channel: z.enum(STEP_CHANNELS),
		/** Local time this step goes out, instead of the journey's sendAt (a same-day reminder goes early). */
		at: timeOfDay.optional(),
		/** Once this step is done the enrollment ends ("handed_off"): a staff flag after which automation lets go. */
		endsJourney: z.boolean().default(false),
		/** The step is skipped (not sent, not counted) unless the subject meets it. */
		when: conditionSchema.optional(),
		subject: z.string().min(1).optional(),
		body: z.string().min(1),
		/** Extra paragraphs added only when their condition holds (financing wording for large cases). */
		blocks: z.array(blockSchema).default([]),
	})
	.strict()
	.superRefine((step, ctx) => {
		if (step.channel === 'email' && !step.subject)
			ctx.addIssue({ code: 'custom', path: ['subject'], message: 'an email step needs a subject' });
		const texts: Array<[Array<string | number>, string]> = [
			[['body'], step.body],
			[['subject'], step.subject ?? ''],
			...step.blocks.map((b, i): [Array<string | number>, string] => [['blocks', i, 'text'], b.text]),
		];
		for (const [path, text] of texts) {
			for (const name of unknownPlaceholders(text))
				ctx.addIssue({ code: 'custom', path, message: `unknown placeholder {{${name}}}` });
		}
	});
export type JourneyStep = z.infer<typeof stepSchema>;

export const journeySchema = z
	.object({
		id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
		name: z.string().min(1),
		description: z.string().min(1),
		purpose: z.enum(MESSAGE_PURPOSES),
		anchor: z.enum(ANCHORS),
		/** Local time of day a due step goes out (patient's zone), inside the quiet-hours window. */
		sendAt: timeOfDay.default('10:00'),
		/** Who may enter: checked once, at enrollment. */
		entry: conditionSchema.default({}),
		steps: z.array(stepSchema).min(1),
		/** The journey ends (reason "expired") this many days after its anchor. */
		stopAfterDays: z.number().int().positive(),
		/** Implant journeys: days after each milestone the next phase's window opens and closes (tunable defaults). */
		phaseWindows: z
			.record(
				z.enum(IMPLANT_MILESTONES),
				z.object({ opensDays: z.number().int().positive(), closesDays: z.number().int().positive() }).strict(),
			)
			.default({}),
		/** At most this many patient messages (SMS + email) per enrollment. */
		maxMessages: z.number().int().positive(),
		stopOn: z.array(z.enum(STOP_REASONS)).min(1),
		/**
		 * With 'complained' in stopOn: how many days back a complaint counts (core/journey/complaints.ts
		 * says what a complaint is). A patient who complained within them is not enrolled and is stopped.
		 */
		complaintLookbackDays: z.number().int().positive().max(730).optional(),
	})
	.strict()
	.superRefine((journey, ctx) => {
		const seen = new Set<string>();
		const lastDay = new Map<string, number>();
		journey.steps.forEach((step, i) => {
			if (seen.has(step.id))
				ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `step id "${step.id}" is used twice` });
			seen.add(step.id);
			// Steps counted from the same point must be in day order.
			if (step.day < (lastDay.get(step.from) ?? -Infinity)) {
				ctx.addIssue({ code: 'custom', path: ['steps', i, 'day'], message: 'steps must be in day order' });
			}
			lastDay.set(step.from, step.day);
			if (step.from === 'phase_window' && journey.anchor !== 'milestone') {
				ctx.addIssue({
					code: 'custom',
					path: ['steps', i, 'from'],
					message: 'only a milestone journey has a phase window to count from',
				});
			}
			if (step.from === 'anchor' && step.day > journey.stopAfterDays) {
				ctx.addIssue({
					code: 'custom',
					path: ['steps', i, 'day'],
					message: `day ${step.day} is after stopAfterDays (${journey.stopAfterDays})`,
				});
			}
		});
		if (journey.stopOn.includes('complained') && !journey.complaintLookbackDays) {
			ctx.addIssue({
				code: 'custom',
				path: ['complaintLookbackDays'],
				message: "stopping on 'complained' needs complaintLookbackDays",
			});
		}
		for (const [milestone, window] of Object.entries(journey.phaseWindows)) {
			if (window.closesDays < window.opensDays)
				ctx.addIssue({ code: 'custom', path: ['phaseWindows', milestone], message: 'closesDays is before opensDays' });
		}
	});
export type Journey = z.infer<typeof journeySchema>;

/** Parses a template, naming the field that is wrong ("steps.2.subject: an email step needs a subject"). */
export function parseJourney(input: unknown, source = 'journey'): Journey {
	const parsed = journeySchema.safeParse(input);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	throw new Error(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
