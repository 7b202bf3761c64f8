/** The guardrails an AI treatment coordinator's tools carry: screening, hesitation reasons, hand-offs. */
export {
	TOPICS,
	HANDOFF_TOPICS,
	TOPIC_WORDS,
	HESITATION_REASONS,
	HESITATION_NEXT,
	type Topic,
	type HandOffTopic,
	type HesitationReason,
} from './topics';
export { SCREEN_RULES, type ScreenDirection, type TopicRule, type NamedPattern } from './rules';
export { screenMessage, SCREEN_DIRECTIONS, type ScreenResult } from './screen';
export {
	hesitationEntry,
	handOffEntry,
	staffTask,
	commlogTime,
	NOTE_MAX_LENGTH,
	type HesitationEntry,
	type HandOffEntry,
	type StaffTask,
} from './entries';
export { CoordinatorInputError } from './errors';
export {
	signPatientToken,
	verifyPatientToken,
	TOKEN_VERSION,
	MIN_SECRET_LENGTH,
	DEFAULT_MAX_LIFETIME_MINUTES,
	type VerifiedPatient,
} from './token';
