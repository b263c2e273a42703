// The audit event whose inclusion proves an evidence item was recorded (server/evidence/upload-evidence.ts writes
// it): said once for the exporter, which proves it, and the offline verifier, which checks the proof is of it.
export const UPLOAD_EVENT = { action: "evidence.uploaded", subjectType: "evidence" } as const;
