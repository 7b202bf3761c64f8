/**
 * The Practice Report node's input: one Assess Stage item and the Patient Risk items, merged in
 * any order, possibly with the PMS patient's fields merged into each risk item (Patient Details).
 */
import { z } from 'zod';
import type { Assessment, Measurement, PatientRisk } from '../maturity/types';

const assessmentItem = z
	.object({
		stage: z.number().int().min(1).max(5),
		metrics: z.array(z.object({ metric: z.string() }).passthrough()),
		leakage: z.object({ week: z.number() }).passthrough(),
	})
	.passthrough();
const riskItem = z
	.object({ rank: z.number(), patientId: z.string(), churnRisk: z.number(), atStake: z.number() })
	.passthrough();
const patientFields = z.object({ firstName: z.string(), lastName: z.string() }).partial().passthrough();

export interface ReportItems {
	assessment: Assessment;
	measurement: Measurement | null;
	risks: PatientRisk[];
}

/** "Maria G.": the owner's inbox gets a first name and an initial, never more. */
function shortName(first: string | undefined, last: string | undefined): string | null {
	const given = first?.trim();
	if (!given) return null;
	const initial = last?.trim().charAt(0);
	return initial ? `${given} ${initial.toUpperCase()}.` : given;
}

export function reportItems(items: Array<Record<string, unknown>>): ReportItems {
	const assessments: Array<Record<string, unknown>> = [];
	const risks: PatientRisk[] = [];
	const other: number[] = [];
	items.forEach((json, index) => {
		if (assessmentItem.safeParse(json).success) assessments.push(json);
		else if (riskItem.safeParse(json).success) {
			const risk = json as unknown as PatientRisk;
			const patient = patientFields.parse(json);
			const mobile = typeof json.mobile === 'string' ? json.mobile : (risk.mobile ?? null);
			risks.push({ ...risk, displayName: risk.displayName ?? shortName(patient.firstName, patient.lastName), mobile });
		} else other.push(index);
	});
	if (assessments.length !== 1) {
		const seen = other.length
			? ` (items ${other.slice(0, 5).join(', ')} are neither an assessment nor a call-list patient)`
			: '';
		throw new Error(
			`expected exactly one Maturity Score "Assess Stage" item in the input, found ${assessments.length}${seen}`,
		);
	}
	const [assessment] = assessments;
	const measurement = (assessment.measurement ?? null) as Measurement | null;
	return { assessment: assessment as unknown as Assessment, measurement, risks: risks.sort((a, b) => a.rank - b.rank) };
}
