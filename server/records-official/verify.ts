/**
 * Answers "is this PDF a record we issued, unchanged?" for an uploaded file. The file's
 * signatures are read and checked in a worker thread (verify-pdf-worker.ts) with time and
 * memory limits, a few at a time; the answer then compares the file with the register:
 * byte for byte (its sha256 is a final record's) and by what it claims to be (the record id
 * the server writes into every record's Info, or the organisation whose certificate signed it).
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import type { OfficialRecord, VerifyDocumentResponse } from '../../shared/organisations';
import { WorkerJobError, WorkerLimitError, WorkerPool, type WorkerLimits } from '../../node/worker-pool';
import { JobSlots, SlotsFullError } from '../documents/job-slots';
import { HttpError } from '../http/respond';
import { p12Fingerprint } from '../organisations/certificate';
import type { Store } from '../store/types';
import type { PdfSignature, PdfSignatureReport } from './pdf-signature';
import type { OfficialRecords } from './service';
import type { VerifyJob } from './verify-pdf-worker';

/** A record is a few hundred KB; 20 MB leaves room for a scan someone signed and sends back. */
export const maxVerifyBytes = 20 * 1024 * 1024;
/** Reading ranges and one CMS is quick: a file that needs more is not one of ours. */
const limits: WorkerLimits = { timeMs: 10_000, memoryMb: 128 };
const slots = new JobSlots(2, 8);
const verifiers = new WorkerPool('verify-pdf-worker', import.meta.url);

/** Certificate fingerprints by the p12's own hash: parsing a PKCS#12 costs tens of ms of JS. */
const fingerprints = new Map<string, string | null>();
function fingerprintOf(p12: Uint8Array, password: string): string | null {
  const key = createHash('sha256').update(p12).digest('hex');
  if (!fingerprints.has(key)) {
    let fp: string | null = null;
    try {
      fp = p12Fingerprint(p12, password);
    } catch {
      fp = null;
    }
    fingerprints.set(key, fp);
  }
  return fingerprints.get(key)!;
}

async function readReport(bytes: Uint8Array): Promise<PdfSignatureReport> {
  try {
    return await slots.run(() => verifiers.run<PdfSignatureReport>({ bytes } satisfies VerifyJob, limits));
  } catch (err) {
    if (err instanceof SlotsFullError) throw new HttpError(429, 'rate_limited', 'Too many documents are being checked right now; try again in a moment.');
    if (err instanceof WorkerLimitError || err instanceof WorkerJobError) {
      throw new HttpError(422, 'invalid_input', 'The file could not be checked within the limits: it is damaged or built to overload the checker, and is not a record of this server.');
    }
    throw err;
  }
}

function whatIsWrong(sig: PdfSignature | null): string {
  if (!sig) return 'it carries no digital signature';
  if (sig.problem) return `its signature cannot be read (${sig.problem})`;
  if (!sig.digestMatches) return 'its content was changed after it was signed (the digest does not match)';
  if (!sig.signatureValid) return 'its signature does not verify with the signer certificate';
  if (!sig.coversWholeFile) return 'something was added to the file after it was signed';
  return 'its bytes differ from the issued file';
}

export async function verifyDocument(svc: OfficialRecords, store: Store, bytes: Uint8Array): Promise<VerifyDocumentResponse> {
  if (bytes.length === 0) throw new ApiError('invalid_input', 'The request body is empty; send the PDF file to check.');
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new HttpError(422, 'invalid_input', 'The file is not a PDF (it does not start with %PDF-). Send the PDF of the notice or minutes as it was downloaded.');
  }
  const report = await readReport(bytes);
  // The last signature covers the most of the file: it is the one that vouches for all of it.
  const sig = report.signatures.at(-1) ?? null;
  const sigOk = !!sig && !sig.problem && sig.digestMatches && sig.signatureValid;
  const { register } = svc;
  const recordId = report.recordId;
  const [exact, byId] = await svc.rdb.read(function* () {
    return [yield* register.bySha(report.sha256), recordId ? yield* register.get(recordId) : null] as const;
  });
  const claimed = [exact, byId].find((r): r is OfficialRecord => !!r && r.status === 'final') ?? null;

  // Whose certificate signed it: compared with the claimed record's organisation, or else with every organisation's.
  const orgCert = async (orgId: string) => {
    const c = await svc.orgs.certificate(orgId);
    return c ? fingerprintOf(c.p12, c.password) : null;
  };
  const signerFp = sig?.signer?.fingerprint256 ?? null;
  let signerOrg: string | null = null;
  if (signerFp) {
    const candidates = claimed ? [claimed.organisationId] : (await svc.orgs.all()).map((o) => o.id);
    for (const id of candidates) {
      if ((await orgCert(id)) !== signerFp) continue;
      signerOrg = id;
      break;
    }
  }
  const signature = sig
    ? {
        count: report.signatures.length,
        valid: sigOk,
        coversWholeFile: sig.coversWholeFile,
        signer: sig.signer?.subject ?? null,
        signedAt: sig.signedAt,
        organisationCertificate: signerOrg !== null,
      }
    : null;

  const describe = async (r: OfficialRecord): Promise<NonNullable<VerifyDocumentResponse['record']>> => {
    const org = await svc.orgs.get(r.organisationId);
    const meeting = await store.getMeeting(r.meetingId);
    const next = await svc.rdb.read(() => register.replacedBy(r.id));
    return {
      id: r.id,
      number: r.number,
      kind: r.kind,
      finalisedAt: r.finalisedAt,
      organisation: { id: r.organisationId, name: org?.name ?? '' },
      meeting: { id: r.meetingId, title: meeting?.title ?? '' },
      replacedBy: next ? { id: next.id, number: next.number } : null,
    };
  };
  const base = { sha256: report.sha256, signature };

  if (exact && exact.status === 'final' && sigOk && sig!.coversWholeFile) {
    const record = await describe(exact);
    const inForce = record.replacedBy ? ` It was later replaced by number ${record.replacedBy.number}.` : '';
    return { ...base, verdict: 'issued', record, message: `This is record number ${record.number} of ${record.organisation.name}, issued ${record.finalisedAt.slice(0, 10)}, unchanged and validly signed.${inForce}` };
  }
  if (claimed) {
    const record = await describe(claimed);
    return { ...base, verdict: 'altered', record, message: `This file claims to be record number ${record.number} of ${record.organisation.name}, but it is not the file that was issued: ${whatIsWrong(sig)}.` };
  }
  if (signerOrg) {
    const name = (await svc.orgs.get(signerOrg))?.name ?? '';
    return { ...base, verdict: 'altered', record: null, message: `This file is signed with the certificate of ${name}, but it matches no record this server issued: ${whatIsWrong(sig)}.` };
  }
  return {
    ...base,
    verdict: 'unknown',
    record: null,
    message: sig ? 'This PDF is signed, but not by an organisation of this server, and it is not a record this server issued.' : 'This PDF is not a record this server issued (it carries no signature and matches no record).',
  };
}
