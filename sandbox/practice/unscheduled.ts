import type { Patient, Practice, ProcedureLog } from './types';

export interface UnscheduledPatient {
	patient: Patient;
	/** By DateTP, then ProcNum. */
	procedures: ProcedureLog[];
	fee: number;
}

/**
 * "Unscheduled treatment" as Open Dental's Treatment Finder (RpTreatmentFinder.cs) defines it:
 * TP procedures of patients with PatStatus Patient and no Scheduled appointment at or after
 * today, keeping patients whose planned fees add up to more than zero. In PatNum order.
 */
export function findUnscheduledTreatment(
	practice: Pick<Practice, 'options' | 'patients' | 'procedures' | 'appointments'>,
): UnscheduledPatient[] {
	const todayStart = `${practice.options.today} 00:00:00`;
	const booked = new Set<number>();
	for (const apt of practice.appointments) {
		if (apt.AptStatus === 'Scheduled' && apt.AptDateTime >= todayStart) booked.add(apt.PatNum);
	}
	const byPatient = new Map<number, ProcedureLog[]>();
	for (const proc of practice.procedures) {
		if (proc.ProcStatus !== 'TP' || booked.has(proc.PatNum)) continue;
		const list = byPatient.get(proc.PatNum);
		if (list) list.push(proc);
		else byPatient.set(proc.PatNum, [proc]);
	}
	const found: UnscheduledPatient[] = [];
	for (const patient of practice.patients) {
		const procedures = byPatient.get(patient.PatNum);
		if (!procedures || patient.PatStatus !== 'Patient') continue;
		// Fees are summed in cents so the > 0 test and the total are exact.
		const cents = procedures.reduce((sum, p) => sum + Math.round(p.ProcFee * 100), 0);
		if (cents <= 0) continue;
		procedures.sort((a, b) => (a.DateTP < b.DateTP ? -1 : a.DateTP > b.DateTP ? 1 : a.ProcNum - b.ProcNum));
		found.push({ patient, procedures, fee: cents / 100 });
	}
	return found.sort((a, b) => a.patient.PatNum - b.patient.PatNum);
}
