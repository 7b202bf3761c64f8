/**
 * The treatment case as Chairside sees it, whatever PMS it came from.
 * Plain data: everything downstream (journeys, messages, reports) reads these shapes.
 */
import type { Category } from './category';

export type CaseStatus = 'unscheduled' | 'scheduled' | 'completed' | 'declined';
export type SmsConsent = 'yes' | 'no' | 'unknown';
export type Channel = 'sms' | 'email';
/** The PMS's patient status; null where the source does not say (CSV exports). */
export type PatientStatus = 'active' | 'inactive' | 'archived' | 'deceased' | 'prospective' | 'non_patient';

export interface Patient {
	id: string;
	firstName: string;
	lastName: string;
	/** E.164, or null when the PMS has none. */
	mobile: string | null;
	/** A number for calls only (the export's home phone), E.164; never texted. Absent where the source has none. */
	homePhone?: string | null;
	email: string | null;
	/** IANA zone the patient is messaged in (the clinic's, unless the PMS says otherwise). */
	timezone: string;
	smsConsent: SmsConsent;
	preferredChannel: Channel | null;
	clinic: string | null;
	provider: string | null;
	status: PatientStatus | null;
}

export interface Procedure {
	code: string | null;
	description: string | null;
	category: Category;
	fee: number;
	tooth: string | null;
	surface: string | null;
	/** ISO date (yyyy-MM-dd) in the practice's time zone. */
	plannedDate: string | null;
	status: CaseStatus;
	/** Line of the export the procedure came from (1-based, as a spreadsheet shows it). */
	line: number | null;
}

export interface Contactability {
	sms: boolean;
	email: boolean;
	channels: Channel[];
	reachable: boolean;
}

export interface TreatmentCase {
	caseId: string;
	source: string;
	patient: Patient;
	procedures: Procedure[];
	/** Sum of every procedure fee in the case, in the practice currency. */
	totalFee: number;
	/** Sum of the fees still to be done (unscheduled or scheduled procedures). */
	openFee: number;
	category: Category;
	/** Patient-facing words for the category ("your crown"): never a code or tooth number. */
	layman: string;
	presentedAt: string | null;
	ageDays: number | null;
	status: CaseStatus;
	provider: string | null;
	nextAppointment: string | null;
	contactability: Contactability;
}
