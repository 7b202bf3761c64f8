/**
 * Fixed sandbox credentials for the demo, shaped like real ones (AC/MG/SK + 32 hex) so the
 * credential form's placeholders and any SID format checks accept them. Not secrets.
 */
export const SANDBOX_TWILIO = {
	accountSid: 'ACc4a125de000000000000000000000001',
	authToken: 'c4a125de000000000000000000000002',
	apiKeySid: 'SKc4a125de000000000000000000000003',
	apiKeySecret: 'c4a125de000000000000000000000004',
	messagingServiceSid: 'MGc4a125de000000000000000000000005',
	phoneNumber: '+15125550100',
	port: 30250,
} as const;
