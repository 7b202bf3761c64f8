/**
 * "Lapsed", one meaning everywhere (PMS > Get Lapsed, PMS Trigger's Patient Lapsed, Maturity
 * Score's recall reactivation, the reactivation journey): an active patient whose last completed
 * visit is more than LAPSED_MONTHS months old. 12 months, because the stage benchmark the
 * Maturity Score grades against counts "12-month lapsed" patients and a recare interval runs 6 to
 * 12 months (docs/lapsed.md). A practice may choose another number per node; this is the default.
 */
export const LAPSED_MONTHS = 12;
