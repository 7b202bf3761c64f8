/**
 * SMS segment counting as carriers bill it (3GPP TS 23.038): the guard's own counter, so the
 * simulator bills exactly what Patient Message checked.
 */
export { smsSize as countSegments, type SmsSize as SegmentCount } from '../../core/guard/segments';
