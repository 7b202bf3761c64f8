/**
 * The CDT codes the synthetic practice uses, with the descriptor Open Dental shows (abbreviated
 * ADA wording) and the range a US fee schedule puts them in.
 */
export interface CdtCode {
	descript: string;
	fee: readonly [number, number];
}

export const CDT = {
	D0120: { descript: 'Periodic oral evaluation - established patient', fee: [55, 75] },
	D0150: { descript: 'Comprehensive oral evaluation - new or established patient', fee: [95, 130] },
	D0274: { descript: 'Bitewings - four radiographic images', fee: [70, 95] },
	D1110: { descript: 'Prophylaxis - adult', fee: [105, 135] },
	D1120: { descript: 'Prophylaxis - child', fee: [75, 95] },
	D4910: { descript: 'Periodontal maintenance', fee: [150, 195] },
	D2140: { descript: 'Amalgam - one surface, primary or permanent', fee: [150, 170] },
	D2150: { descript: 'Amalgam - two surfaces, primary or permanent', fee: [175, 210] },
	D2160: { descript: 'Amalgam - three surfaces, primary or permanent', fee: [215, 255] },
	D2161: { descript: 'Amalgam - four or more surfaces, primary or permanent', fee: [255, 300] },
	D2391: { descript: 'Resin-based composite - one surface, posterior', fee: [160, 195] },
	D2392: { descript: 'Resin-based composite - two surfaces, posterior', fee: [200, 245] },
	D2393: { descript: 'Resin-based composite - three surfaces, posterior', fee: [250, 295] },
	D2394: { descript: 'Resin-based composite - four or more surfaces, posterior', fee: [295, 350] },
	D2740: { descript: 'Crown - porcelain/ceramic', fee: [1150, 1450] },
	D2750: { descript: 'Crown - porcelain fused to high noble metal', fee: [1100, 1400] },
	D2950: { descript: 'Core buildup, including any pins when required', fee: [250, 350] },
	D2962: { descript: 'Labial veneer (porcelain laminate) - indirect', fee: [950, 1300] },
	D3310: { descript: 'Endodontic therapy, anterior tooth (excluding final restoration)', fee: [800, 1000] },
	D3320: { descript: 'Endodontic therapy, premolar tooth (excluding final restoration)', fee: [950, 1150] },
	D3330: { descript: 'Endodontic therapy, molar tooth (excluding final restoration)', fee: [1150, 1400] },
	D4341: { descript: 'Periodontal scaling and root planing - four or more teeth per quadrant', fee: [240, 300] },
	D4342: { descript: 'Periodontal scaling and root planing - one to three teeth per quadrant', fee: [200, 240] },
	D5110: { descript: 'Complete denture - maxillary', fee: [1700, 2200] },
	D6010: { descript: 'Surgical placement of implant body: endosteal implant', fee: [2000, 2500] },
	D6057: { descript: 'Custom fabricated abutment - includes placement', fee: [750, 950] },
	D6065: { descript: 'Implant supported porcelain/ceramic crown', fee: [1300, 1650] },
	D6240: { descript: 'Pontic - porcelain fused to high noble metal', fee: [1050, 1300] },
	D6750: { descript: 'Retainer crown - porcelain fused to high noble metal', fee: [1100, 1350] },
	D7140: { descript: 'Extraction, erupted tooth or exposed root (elevation and/or forceps removal)', fee: [150, 250] },
	D7210: {
		descript: 'Extraction, erupted tooth requiring removal of bone and/or sectioning of tooth',
		fee: [300, 450],
	},
	D7953: { descript: 'Bone replacement graft for ridge preservation - per site', fee: [400, 600] },
	D9972: { descript: 'External bleaching - per arch - performed in office', fee: [300, 500] },
} as const satisfies Record<string, CdtCode>;

export type ProcCode = keyof typeof CDT;

export const MOLARS = [1, 2, 3, 14, 15, 16, 17, 18, 19, 30, 31, 32] as const;
export const PREMOLARS = [4, 5, 12, 13, 20, 21, 28, 29] as const;
export const ANTERIORS = [6, 7, 8, 9, 10, 11, 22, 23, 24, 25, 26, 27] as const;
export const POSTERIORS = [...MOLARS, ...PREMOLARS] as const;
