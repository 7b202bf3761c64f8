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
	'homePhone',
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

export const PRESET_IDS = [
	'dentrixTreatmentManager',
	'eaglesoftPlannedServices',
	'openDentalTreatmentFinder',
	'generic',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface ExportPreset {
	id: PresetId;
	label: string;
	/** What TreatmentCase.source says. Case ids do not carry it: choosing another preset must not relabel a case. */
	source: string;
	columns: Partial<Record<ExportField, string[]>>;
	/** The header this PMS writes, as it writes it: its distinctive names tell one export from another. */
	header: readonly string[];
	/** The date order this PMS writes when the node is left on "Preset Default". */
	dateOrder: DateOrder;
}

const COMMON: Partial<Record<ExportField, string[]>> = {
	patientId: ['patientid', 'patid', 'patnum', 'chart', 'chartnumber', 'chartno', 'accountid', 'id'],
	patientName: ['patient', 'patientname', 'name'],
	firstName: ['firstname', 'fname', 'first', 'preferredname'],
	lastName: ['lastname', 'lname', 'last', 'surname'],
	// Only numbers a PMS keeps as the mobile are texted; a plain "Phone" may be a landline.
	mobile: ['mobile', 'mobilephone', 'cell', 'cellphone', 'wirelessphone', 'wireless', 'textphone', 'contact'],
	homePhone: ['homephone', 'home', 'hmphone', 'phone', 'phonenumber', 'otherphone'],
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
	header: readonly string[],
	own: Partial<Record<ExportField, string[]>>,
): ExportPreset {
	const columns: Partial<Record<ExportField, string[]>> = {};
	for (const field of EXPORT_FIELDS) {
		const merged = [...(own[field] ?? []), ...(COMMON[field] ?? [])];
		if (merged.length) columns[field] = [...new Set(merged)];
	}
	return { id, label, source, columns, header, dateOrder };
}

export const PRESETS: Record<PresetId, ExportPreset> = {
	// Treatment Manager > Export: one line per planned procedure, patient as "Last, First".
	dentrixTreatmentManager: preset(
		'dentrixTreatmentManager',
		'Dentrix Treatment Manager',
		'dentrix',
		'MDY',
		[
			'Patient',
			'Chart #',
			'Home Phone',
			'Mobile Phone',
			'Email',
			'Prov',
			'Status',
			'Date',
			'Code',
			'Description',
			'Tooth',
			'Surf',
			'Fee',
			'Ins Est',
			'Pat Est',
			'Last Visit',
			'Next Appt',
		],
		{
			patientId: ['chart', 'chartnumber'],
			patientName: ['patient'],
			mobile: ['mobilephone'],
			homePhone: ['homephone'],
			plannedDate: ['date'],
			provider: ['prov'],
			status: ['status'],
			nextAppointment: ['nextappt'],
		},
	),
	// Eaglesoft planned-services report: service code, date planned, provider id.
	eaglesoftPlannedServices: preset(
		'eaglesoftPlannedServices',
		'Eaglesoft Planned Services',
		'eaglesoft',
		'MDY',
		[
			'Patient ID',
			'Last Name',
			'First Name',
			'Cell Phone',
			'E-Mail',
			'Provider ID',
			'Date Planned',
			'Service Code',
			'Description',
			'Tooth',
			'Surface',
			'Fee',
			'Status',
			'Next Appointment',
		],
		{
			patientId: ['patientid'],
			mobile: ['cellphone'],
			procedureCode: ['servicecode'],
			plannedDate: ['dateplanned'],
			provider: ['providerid'],
			nextAppointment: ['nextappointment'],
		},
	),
	// Treatment Finder grid or the unscheduled-treatment user query: Open Dental's column names.
	openDentalTreatmentFinder: preset(
		'openDentalTreatmentFinder',
		'Open Dental Treatment Finder',
		'opendental',
		'MDY',
		[
			'PatNum',
			'LName',
			'FName',
			'WirelessPhone',
			'Email',
			'ClinicAbbr',
			'ProvAbbr',
			'DateTP',
			'ProcCode',
			'Descript',
			'ToothNum',
			'Surf',
			'ProcFee',
			'ProcStatus',
		],
		{
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
		},
	),
	generic: preset('generic', 'Generic (Map Columns)', 'csv', 'MDY', [], {}),
};

export function normalizeHeader(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Header names only one PMS writes ("Chart #" is Dentrix's, "Service Code" Eaglesoft's, "PatNum" Open Dental's). */
const DISTINCTIVE: ReadonlyMap<PresetId, ReadonlySet<string>> = (() => {
	const named = PRESET_IDS.filter((id) => id !== 'generic');
	const counts = new Map<string, number>();
	for (const id of named)
		for (const name of new Set(PRESETS[id].header.map(normalizeHeader))) counts.set(name, (counts.get(name) ?? 0) + 1);
	return new Map(
		named.map((id) => [id, new Set(PRESETS[id].header.map(normalizeHeader).filter((name) => counts.get(name) === 1))]),
	);
})();

/** Enough distinctive names to call a header some PMS's own, not a renamed or custom report. */
const LOOKS_LIKE = 3;

/**
 * Which PMS's export a header row looks like, or null when it is no PMS's own header (a custom
 * report, a spreadsheet): the preset whose distinctive names it holds most, at least three; a tie
 * goes to `prefer` (the preset the user chose).
 */
export function presetLookingLike(
	record: readonly string[],
	prefer?: PresetId,
): { preset: PresetId; names: string[] } | null {
	let best: { preset: PresetId; names: string[] } | null = null;
	for (const [id, names] of DISTINCTIVE) {
		const hits = record.filter((cell) => names.has(normalizeHeader(cell))).map((cell) => cell.trim());
		if (hits.length < LOOKS_LIKE) continue;
		if (!best || hits.length > best.names.length || (hits.length === best.names.length && id === prefer))
			best = { preset: id, names: hits };
	}
	return best;
}
