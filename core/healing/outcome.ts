/** What a healing check-in can lead to; the reply's copy (copy.ts) and the decision (decide.ts) both name them. */
export const HEALING_OUTCOMES = ['escalate', 'reassure', 'celebrate', 'needs_review'] as const;
export type HealingOutcome = (typeof HEALING_OUTCOMES)[number];
