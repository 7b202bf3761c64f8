/** The guard every patient message passes: docs/facts.md#legal-limits-for-patient-messages and docs/send-policy.md. */
export { answersRecentMessage, checkTouch, type GuardVerdict } from './check';
export { policyFrom, GuardPolicyError, SETTING_NAMES, type GuardPolicy, type GuardOptions } from './policy';
export { smsSize, type SmsSize, type SmsEncoding } from './segments';
export { phiMatcher, htmlText, DEFAULT_CLINICAL_WORDS, PHI_KIND_WORDS, type PhiKind, type PhiMatcher } from './phi';
export { isE164Mobile, isEmailAddress } from './address';
export { nextAllowed, SendHistory } from './timing';
