/**
 * What each PMS export looks like. The header names a preset lists first are the ones that PMS
 * writes; the rest are variants seen when staff rename columns or use a saved custom report.
 * Headers are compared after lower-casing and dropping everything but letters and digits,
 * so "Chart #", "chart" and "CHART#" are the same column.
 */
import type { DateOrder } from '../normalize/date';

export const EXPORT_FIELDS = [
	'patientId',
	'patientName',
	'firstName',
	'lastName',
	'mobile',
	'email',
	'procedureCode',
	'description',
	'fee',
	'tooth',
	'surface',
	'plannedDate',
	'provider',
	'status',
	'nextAppointment',
	'clinic',
] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];

export const PRESET_IDS = ['dentrixTreatmentManager', 'eaglesoftPlannedServices', 'openDentalTreatmentFinder', 'generic'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface ExportPreset {
	id: PresetId;
	label: string;
	/** Prefix of case ids, so the same chart number from two systems never collides. */
	source: string;
	columns: Partial<Record<ExportField, string[]>>;
	/** The date order this PMS writes when the node is left on "Preset Default". */
	dateOrder: DateOrder;
}

const COMMON: Partial<Record<ExportField, string[]>> = {
	patientId: ['patientid', 'patid', 'patnum', 'chart', 'chartnumber', 'chartno', 'accountid', 'id'],
	patientName: ['patient', 'patientname', 'name'],
	firstName: ['firstname', 'fname', 'first', 'preferredname'],
	lastName: ['lastname', 'lname', 'last', 'surname'],
	mobile: ['mobile', 'mobilephone', 'cell', 'cellphone', 'wirelessphone', 'wireless', 'textphone', 'phone', 'homephone', 'contact'],
	email: ['email', 'emailaddress'],
	procedureCode: ['code', 'proccode', 'procedurecode', 'adacode', 'cdtcode', 'servicecode'],
	description: ['description', 'descript', 'desc', 'procdescription', 'procedure', 'service'],
	fee: ['fee', 'procfee', 'amount', 'plannedfee', 'tpfee'],
	tooth: ['tooth', 'toothnum', 'th', 'toothnumber'],
	surface: ['surface', 'surf', 'surfaces'],
	plannedDate: ['dateplanned', 'datetp', 'planneddate', 'tpdate', 'date'],
	provider: ['provider', 'prov', 'provabbr', 'providerid', 'provid', 'doctor'],
	status: ['status', 'procstatus', 'casestatus', 'tpstatus'],
	nextAppointment: ['nextappt', 'nextappointment', 'nextapptdate', 'nextvisit', 'nextapt'],
	clinic: ['clinic', 'clinicabbr', 'location', 'office'],
};

function preset(
	id: PresetId,
	label: string,
	source: string,
	dateOrder: DateOrder,
	own: Partial<Record<ExportField, string[]>>,
): ExportPreset {
	const columns: Partial<Record<ExportField, string[]>> = {};
	for (const field of EXPORT_FIELDS) {
		const merged = [...(own[field] ?? []), ...(COMMON[field] ?? [])];
		if (merged.length) columns[field] = [...new Set(merged)];
	}
	return { id, label, source, columns, dateOrder };
}

export const PRESETS: Record<PresetId, ExportPreset> = {
	// Treatment Manager > Export: one line per planned procedure, patient as "Last, First".
	dentrixTreatmentManager: preset('dentrixTreatmentManager', 'Dentrix Treatment Manager', 'dentrix', 'MDY', {
		patientId: ['chart', 'chartnumber'],
		patientName: ['patient'],
		mobile: ['mobilephone'],
		plannedDate: ['date'],
		provider: ['prov'],
		status: ['status'],
		nextAppointment: ['nextappt'],
	}),
	// Eaglesoft planned-services report: service code, date planned, provider id.
	eaglesoftPlannedServices: preset('eaglesoftPlannedServices', 'Eaglesoft Planned Services', 'eaglesoft', 'MDY', {
		patientId: ['patientid'],
		mobile: ['cellphone'],
		procedureCode: ['servicecode'],
		plannedDate: ['dateplanned'],
		provider: ['providerid'],
		nextAppointment: ['nextappointment'],
	}),
	// Treatment Finder grid or the unscheduled-treatment user query: Open Dental's column names.
	openDentalTreatmentFinder: preset('openDentalTreatmentFinder', 'Open Dental Treatment Finder', 'opendental', 'MDY', {
		patientId: ['patnum'],
		firstName: ['fname'],
		lastName: ['lname'],
		mobile: ['wirelessphone', 'contact'],
		procedureCode: ['proccode'],
		description: ['descript'],
		fee: ['procfee', 'treatmentplan'],
		tooth: ['toothnum'],
		surface: ['surf'],
		plannedDate: ['datetp'],
		provider: ['provabbr'],
		status: ['procstatus'],
		clinic: ['clinicabbr'],
	}),
	generic: preset('generic', 'Generic (Map Columns)', 'csv', 'MDY', {}),
};

export function normalizeHeader(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
