/* tslint:disable */
/* eslint-disable */

/** Input XML: text, or the file's bytes (preferred: the bytes are what was signed). */
export type XmlInput = string | Uint8Array;

export interface VerifyOptions {
    /** Certificates whose keys are trusted, PEM text or PEM/DER bytes (a PEM may hold several).
     *  Only their keys are used: their validity and chain are not checked yet. */
    trustedCertificates?: (string | Uint8Array)[];
    /** Public keys trusted directly (PEM or DER SubjectPublicKeyInfo, PKCS#1 RSA, or a certificate). */
    trustedKeys?: (string | Uint8Array)[];
    /** Attribute names that identify elements for `URI="#id"`. Default: Id, ID, id (and xml:id). */
    idAttributes?: string[];
    /** Elements every signature must cover; `place` is local names from the root element down,
     *  e.g. `"HocBa/DuLieuHocBa"` (empty or absent: anywhere). */
    required?: { id: string; place?: string }[];
    /** Places signatures may sit in, below the root element, e.g. `"DSCKS/GVCN"`; one each. */
    signaturePlaces?: string[];
    /** Accept SHA-1 in old documents, reported as a warning. Default: false. */
    allowSha1?: boolean;
}

/** `valid`: every signature verified under a trusted key. `invalid`: the document was changed,
 *  a signature is broken or misplaced, or there is none. `indeterminate`: the signatures match the
 *  certificates the document carries, but no signer is trusted, so who signed is not confirmed. */
export type Verdict = "valid" | "invalid" | "indeterminate";

export interface Problem {
    /** Stable code: the core's (`digest_mismatch`, `bad_signature`, `no_trusted_key`, ...),
     *  `signer_not_trusted`, or for warnings `weak_algorithm` / `weak_key`. */
    code: string;
    /** Technical detail, in English. */
    message: string;
    line: number | null;
    column: number | null;
}

export interface NameInfo {
    commonName: string | null;
    organization: string | null;
    organizationalUnit: string | null;
    locality: string | null;
    state: string | null;
    country: string | null;
}

export interface CertificateInfo {
    subject: NameInfo;
    issuer: NameInfo;
    serialNumber: string;
    /** UTC, `YYYY-MM-DDThh:mm:ssZ`. */
    notBefore: string;
    notAfter: string;
    /** SHA-256 of the DER certificate, hex. */
    sha256: string;
}

export interface SignatureReport {
    id: string | null;
    /** `line:column` of the `Signature` element. */
    position: string;
    /** Local names below the root element down to the signature's parent, e.g. `DSCKS/GVCN`. */
    place: string;
    /** From the place: `GVCN` is the homeroom teacher, `HieuTruong` the principal. */
    role: "homeroom_teacher" | "principal" | null;
    /** SignatureMethod URI. */
    algorithm: string;
    key: { type: string; bits: number };
    /** Whether the verifying key is one of the trusted ones (else it is the carried certificate's). */
    trusted: boolean;
    /** The certificate in KeyInfo carrying the verifying key, as it describes itself. */
    signer: CertificateInfo | null;
    /** What the signer claims (UTC); only a time-stamp would prove it. */
    claimedSigningTime: string | null;
    /** The same instant in Vietnam, `YYYY-MM-DDThh:mm:ss+07:00`. */
    claimedSigningTimeVietnam: string | null;
    references: { uri: string; digestAlgorithm: string }[];
    warnings: Problem[];
}

export interface VerifyResult {
    verdict: Verdict;
    /** Every signature when the verdict is `valid` or `indeterminate`; empty when `invalid`. */
    signatures: SignatureReport[];
    /** Why the verdict is not `valid`. The first is the core's error, as `hocba verify --json`
     *  reports it; the rest come from checking the carried certificates. */
    problems: Problem[];
}

export interface C14nOptions {
    /** c14n (default), c14n-comments, exc-c14n, exc-c14n-comments, c14n11, c14n11-comments, or a URI. */
    algorithm?: string;
    /** InclusiveNamespaces PrefixList for exclusive C14N. */
    prefixList?: string;
    /** Canonicalize only the element with this Id (Id, ID or id attribute). */
    subtreeId?: string;
    /** Canonicalize only the first element with this name, `{namespace-uri}local-name`. */
    subtree?: string;
}

/** Every error thrown has a stable `code`: `xml` (not acceptable XML; `line`/`column` set when
 *  known), `c14n`, `invalid_option`, `invalid_certificate`, `invalid_key`, `not_found`, `duplicate_id`. */
export interface HocbaError extends Error {
    code: string;
    line?: number;
    column?: number;
}



/**
 * The canonical form (C14N) of `xml`, or of the element with `subtreeId`.
 */
export function c14n(xml: XmlInput, options?: C14nOptions | null): string;

/**
 * Verifies every XML signature in `xml`. Unusable input (not XML, bad options) throws; a
 * signature that does not verify is a verdict in the result.
 */
export function verify(xml: XmlInput, options?: VerifyOptions | null): VerifyResult;

/**
 * The version of the hocba library inside.
 */
export function version(): string;
