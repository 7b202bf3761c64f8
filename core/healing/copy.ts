/**
 * What the patient is told after a healing check-in, per outcome and implant milestone. The
 * words stay layman and general on purpose: no codes, tooth numbers, diagnoses or drug names
 * (docs/facts.md#legal-limits-for-patient-messages), only the practice's name and phone as placeholders, plain
 * GSM-7 characters (a curly apostrophe would halve an SMS segment) and at most two segments.
 *
 * Reassure says what is normal at this stage: the first week (days 0-7, or an unknown day, since
 * the check-ins go out on day 3 and day 7) differs from later healing. Celebrate previews the
 * next phase with the usual interval (docs/facts.md#implant-journey). Needs review also answers: a
 * patient who hears nothing after a check-in is the anxious silence the check-in exists to end.
 */
import type { ImplantMilestone } from '../model/clinical';
import type { HealingOutcome } from './outcome';

export interface PracticeContact {
	name: string;
	phone: string;
}

/** Day 0-7 after the milestone is the first week; later the copy speaks of ongoing healing. */
export const FIRST_WEEK_DAYS = 7;

interface MilestoneCopy {
	firstWeek: string;
	later: string;
	celebrate: string;
}

const THANKS = '{{practiceName}}: thanks for checking in.';
const GLAD = "{{practiceName}}: so glad you're doing well!";
const CALL = 'Questions? Call {{practicePhone}}.';

export const ESCALATE_COPY =
	"{{practiceName}}: thank you for telling us. We want to check on you: please call us now at {{practicePhone}}. If you can't reach us and it feels severe, go to urgent care. In an emergency, call 911.";

export const NEEDS_REVIEW_COPY =
	'{{practiceName}}: thanks for your reply. A member of our team will get back to you soon. If things get worse, call us at {{practicePhone}}, or 911 in an emergency.';

export const HEALING_COPY: Record<ImplantMilestone | 'generic', MilestoneCopy> = {
	extraction: {
		firstWeek: `${THANKS} Some soreness and mild swelling for the first few days are normal and ease day by day. Soft foods and skipping straws help. ${CALL}`,
		later: `${THANKS} Things should be settling now. Occasional tenderness is normal while the area finishes healing over the next few weeks. ${CALL}`,
		celebrate: `${GLAD} Once the area has healed, usually in a few weeks to a few months, we'll plan the next step of your implant treatment. ${CALL}`,
	},
	graft: {
		firstWeek: `${THANKS} A little swelling and tenderness in the first week are normal, and so are a few tiny grains in your mouth. Chew on the other side and skip straws. ${CALL}`,
		later: `${THANKS} Healing is quietly under way and the area keeps firming up over the next few months. Occasional tenderness is normal; keep it clean. ${CALL}`,
		celebrate: `${GLAD} Next up is your implant, usually about 3-4 months from now once the area has healed. We'll be in touch to plan it. ${CALL}`,
	},
	implant_placement: {
		firstWeek: `${THANKS} Mild swelling and tenderness that peak around day 2-3 and then fade are normal. Cold packs early on, soft foods and gentle brushing help. ${CALL}`,
		later: `${THANKS} Your implant is quietly bonding with the bone over the next few months. Occasional tenderness is normal; keep it clean and go easy on that side. ${CALL}`,
		celebrate: `${GLAD} Next up, in about 3-4 months once your implant has bonded: the connector for your new tooth. We'll be in touch to plan it. ${CALL}`,
	},
	second_stage: {
		firstWeek: `${THANKS} Some gum tenderness for a few days is normal while it heals around the new healing cap. Brush gently around it and keep it clean. ${CALL}`,
		later: `${THANKS} Your gum is shaping around the healing cap. Mild tenderness when brushing is normal and keeps improving. ${CALL}`,
		celebrate: `${GLAD} Next up, in a few weeks once your gum has healed: we start on your new tooth. We'll be in touch to plan it. ${CALL}`,
	},
	abutment: {
		firstWeek: `${THANKS} Some gum tenderness for a few days is normal while your gums settle around the connector. Soft foods and gentle brushing help. ${CALL}`,
		later: `${THANKS} Mild tenderness when brushing is normal while your gums settle. Keep the area clean: your new tooth is coming soon. ${CALL}`,
		celebrate: `${GLAD} Next up: your final crown, usually in about 1-2 weeks. We'll be in touch to plan it. ${CALL}`,
	},
	final_crown: {
		firstWeek: `${THANKS} Your new tooth may feel a little different and the gum a little tender for a few days. That's normal. If your bite feels high after a week, let us know. ${CALL}`,
		later: `${THANKS} A new crown can take a couple of weeks to feel like your own, and mild sensitivity is normal. If your bite feels off, let us know. ${CALL}`,
		celebrate: `${GLAD} Your new tooth is complete: congratulations! Care for it like your natural teeth and keep up your regular cleanings with us. ${CALL}`,
	},
	generic: {
		firstWeek: `${THANKS} Some tenderness and mild swelling in the first days are normal and ease day by day. Rest and soft foods help. ${CALL}`,
		later: `${THANKS} Occasional tenderness is normal while healing continues. Keep the area clean and go gentle when chewing. ${CALL}`,
		celebrate: `${GLAD} Keep up the great care; we look forward to seeing you at your next visit. ${CALL}`,
	},
};

function template(outcome: HealingOutcome, milestone: ImplantMilestone | null, daysSince: number | null): string {
	const copy = HEALING_COPY[milestone ?? 'generic'];
	switch (outcome) {
		case 'escalate':
			return ESCALATE_COPY;
		case 'needs_review':
			return NEEDS_REVIEW_COPY;
		case 'reassure':
			return daysSince === null || daysSince <= FIRST_WEEK_DAYS ? copy.firstWeek : copy.later;
		case 'celebrate':
			return copy.celebrate;
	}
}

/** The patient-facing reply, with the practice's name and phone filled in. */
export function healingReply(
	outcome: HealingOutcome,
	milestone: ImplantMilestone | null,
	daysSince: number | null,
	practice: PracticeContact,
): string {
	// Functions, so a "$" in a practice's name is not read as a replacement pattern.
	return template(outcome, milestone, daysSince)
		.replace(/\{\{practiceName\}\}/g, () => practice.name)
		.replace(/\{\{practicePhone\}\}/g, () => practice.phone);
}
