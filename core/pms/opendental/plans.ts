/**
 * Open Dental treatment plans as presented plans. Saved plans keep frozen procedure copies
 * (proctp); Active and Inactive plans point at live procedures through treatplanattach rows,
 * which can be stale (docs/facts.md#treatment-follow-up-timing): each live procedure's own status decides.
 */
import type { PlanStatus, PresentedPlan } from '../../model/clinical';
import { cents } from '../../normalize/money';
import type { ProcedureRecord, ProcTpRecord, TreatPlanRecord } from './records';

/** One procedure of a plan, as far as acceptance goes. */
export interface PlanProcedure {
	procNum: number;
	fee: number;
	provNum: number | undefined;
	state: 'planned' | 'scheduled' | 'completed';
}

/**
 * A live procedure's part in its plan, or null when it is no longer treatment: deleted, referred
 * out, or charted as existing work or a condition.
 */
export function attachedProcedure(proc: ProcedureRecord): PlanProcedure | null {
	const base = { procNum: proc.ProcNum, fee: proc.ProcFee, provNum: proc.ProvNum };
	if (proc.ProcStatus === 'C') return { ...base, state: 'completed' };
	if (proc.ProcStatus !== 'TP' && proc.ProcStatus !== 'TPi') return null;
	return { ...base, state: proc.AptNum ? 'scheduled' : 'planned' };
}

/**
 * A Saved plan's copy (apitreatplans.html: proctp rows "will not change after being saved"): a
 * plan as presented, not work done. Its fee is the presented one; whether it is planned, booked or
 * done is its live procedure's, and a copy whose procedure is gone or no longer treatment is none.
 */
export function savedProcedure(copy: ProcTpRecord, live: ProcedureRecord | undefined): PlanProcedure | null {
	const part = live ? attachedProcedure(live) : null;
	return part && { ...part, fee: copy.FeeAmt, provNum: copy.ProvNum ?? part.provNum };
}

/**
 * The plan as presented, or null when none of its procedures is treatment any more. Inactive is
 * declined whatever its procedures did since (they may sit on a newer plan); Active is completed
 * when every procedure is, scheduled once any is booked or done, else open.
 */
export function presentedPlan(
	plan: TreatPlanRecord,
	presentedOn: string,
	procedures: PlanProcedure[],
	providerOf: (provNum: number | undefined) => string | null,
): PresentedPlan | null {
	if (!procedures.length) return null;
	let fee = 0;
	let acceptedFee = 0;
	let booked = 0;
	let done = 0;
	let largest = procedures[0];
	for (const proc of procedures) {
		fee += proc.fee;
		if (proc.state !== 'planned') {
			acceptedFee += proc.fee;
			booked++;
		}
		if (proc.state === 'completed') done++;
		if (proc.fee > largest.fee) largest = proc;
	}
	const declined = plan.TPStatus === 'Inactive';
	const status: PlanStatus = declined
		? 'declined'
		: done === procedures.length
			? 'completed'
			: booked
				? 'scheduled'
				: 'open';
	return {
		planId: String(plan.TreatPlanNum),
		patientId: String(plan.PatNum),
		presentedOn,
		status,
		fee: cents(fee),
		acceptedFee: declined ? 0 : cents(acceptedFee),
		// The provider of the plan's largest procedure: who presented the bulk of it.
		provider: providerOf(largest.provNum),
	};
}
