// Which certificate authorities the kiosk trusts for its back office, and TLS failures in plain
// words. Government and intranet back offices are often signed by their own CA: packaged builds
// switch NODE_OPTIONS (and with it NODE_EXTRA_CA_CERTS) off, so `backOffice.caCertificate` is the
// one place to name it. It is trusted in addition to the system's authorities, never instead.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Where Linux distributions keep the system's CA bundle (Debian/Ubuntu, Fedora/RHEL, SUSE). */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
];

export interface ExtraCas {
  /** One PEM text per certificate found in the file. */
  pems: string[];
  /** Why the file cannot be used (the kiosk then trusts only the system's authorities). */
  problem: string | null;
}

/** Reads `backOffice.caCertificate`: one PEM certificate or a bundle of them. */
export function loadExtraCas(file: string | null, now = new Date()): ExtraCas {
  if (!file) return { pems: [], problem: null };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      pems: [],
      problem: `backOffice.caCertificate ${file} cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`,
    };
  }
  const pems = text.match(PEM_BLOCK) ?? [];
  if (!pems.length)
    return {
      pems: [],
      problem: `backOffice.caCertificate ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    };
  for (const pem of pems) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (e) {
      return {
        pems: [],
        problem: `backOffice.caCertificate ${file} holds a damaged certificate: ${(e as Error).message}`,
      };
    }
    if (!cert.ca)
      return {
        pems: [],
        problem: `backOffice.caCertificate ${file}: "${cert.subject.replace(/\n/g, ', ')}" is not a CA certificate (name the authority that issued the back office's certificate, not the certificate itself)`,
      };
    if (Date.parse(cert.validTo) < now.getTime())
      return {
        pems: [],
        problem: `backOffice.caCertificate ${file}: the authority's certificate expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`,
      };
  }
  return { pems, problem: null };
}

let systemBundle: string | null | undefined;

/** The operating system's CA bundle on Linux (what Chromium and curl trust), or null. */
export function systemCaBundle(): string | null {
  if (systemBundle !== undefined) return systemBundle;
  systemBundle = null;
  if (process.platform === 'linux')
    for (const file of SYSTEM_BUNDLES) {
      try {
        systemBundle = fs.readFileSync(file, 'utf8');
        break;
      } catch {
        // Not this distribution's path.
      }
    }
  return systemBundle;
}

/**
 * The authorities Node's TLS should trust for the back office: Node's bundled Mozilla store, the
 * system's bundle where there is one (Node 20 has no --use-system-ca), and the configured ones.
 */
export function trustedAuthorities(extra: readonly string[]): string[] {
  const system = systemCaBundle();
  // An explicit `ca` replaces Node's store and with it NODE_EXTRA_CA_CERTS: keep that file too.
  let envExtra: string | null = null;
  if (process.env.NODE_EXTRA_CA_CERTS)
    try {
      envExtra = fs.readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8');
    } catch {
      envExtra = null;
    }
  return [
    ...tls.rootCertificates,
    ...(system ? [system] : []),
    ...(envExtra ? [envExtra] : []),
    ...extra,
  ];
}

/** OpenSSL's and Node's verification codes, said so an operator knows what to fix. */
const PLAIN: Record<string, string> = {
  CERT_HAS_EXPIRED: "the back office's certificate has expired",
  CERT_NOT_YET_VALID: "the back office's certificate is not valid yet (check this machine's clock)",
  DEPTH_ZERO_SELF_SIGNED_CERT:
    "the back office's certificate is self-signed: issue it from a CA and name that CA in backOffice.caCertificate",
  SELF_SIGNED_CERT_IN_CHAIN:
    "the back office's certificate comes from an authority this kiosk does not trust (a self-signed CA in the chain): name it in backOffice.caCertificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the back office's certificate was issued by an authority this kiosk does not trust: name that CA in backOffice.caCertificate",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the back office's certificate was issued by an authority this kiosk does not trust: name that CA in backOffice.caCertificate",
  UNABLE_TO_GET_ISSUER_CERT:
    'the back office does not send its intermediate certificate, or its CA is unknown: fix the server chain or name the CA in backOffice.caCertificate',
  ERR_TLS_CERT_ALTNAME_INVALID:
    "the back office's certificate is for another host name than backOffice.endpoint",
  CERT_REVOKED: "the back office's certificate has been revoked",
  CERT_SIGNATURE_FAILURE: "the back office's certificate signature does not verify",
  ERR_SSL_WRONG_VERSION_NUMBER:
    'the server does not speak TLS on this port (is the endpoint http, or the port wrong?)',
  EPROTO: 'the TLS handshake failed (protocol mismatch)',
  // Chromium's net errors (Electron's network stack).
  'net::ERR_CERT_DATE_INVALID':
    "the back office's certificate has expired or is not valid yet (check this machine's clock)",
  'net::ERR_CERT_AUTHORITY_INVALID':
    "the back office's certificate was issued by an authority this kiosk does not trust: name that CA in backOffice.caCertificate",
  'net::ERR_CERT_COMMON_NAME_INVALID':
    "the back office's certificate is for another host name than backOffice.endpoint",
  'net::ERR_CERT_REVOKED': "the back office's certificate has been revoked",
  'net::ERR_CERT_INVALID': "the back office's certificate is not valid",
};

/** A plain-words reason for a TLS failure code, or null when the code is not about TLS. */
export function plainTlsReason(code: string | undefined): string | null {
  if (!code) return null;
  return (
    PLAIN[code] ?? (code.startsWith('net::ERR_CERT_') ? PLAIN['net::ERR_CERT_INVALID']! : null)
  );
}

/**
 * Does this chain (leaf first, as the server sent it) lead to one of `cas`, for `hostname`, at
 * `now`? Used where the TLS stack cannot take extra authorities itself (Electron's network
 * stack verifies against the system's store; this adds the configured CA after it refused).
 */
export function chainTrustedBy(
  chainPems: readonly string[],
  hostname: string,
  cas: readonly string[],
  now = new Date(),
): { ok: true } | { ok: false; reason: string } {
  let chain: X509Certificate[];
  let roots: X509Certificate[];
  try {
    chain = chainPems.map((p) => new X509Certificate(p));
    roots = cas.map((p) => new X509Certificate(p));
  } catch (e) {
    return { ok: false, reason: `unreadable certificate: ${(e as Error).message}` };
  }
  const leaf = chain[0];
  if (!leaf) return { ok: false, reason: 'no certificate' };
  const host = hostname.replace(/^\[|\]$/g, '');
  if (!(isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host)))
    return { ok: false, reason: PLAIN.ERR_TLS_CERT_ALTNAME_INVALID! };
  const inDate = (c: X509Certificate) =>
    Date.parse(c.validFrom) <= now.getTime() && now.getTime() <= Date.parse(c.validTo);
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    if (!inDate(cert)) return { ok: false, reason: PLAIN.CERT_HAS_EXPIRED! };
    const root = roots.find((r) => cert.checkIssued(r) && cert.verify(r.publicKey));
    if (root) return inDate(root) ? { ok: true } : { ok: false, reason: PLAIN.CERT_HAS_EXPIRED! };
    const next = chain[i + 1];
    if (!next || !next.ca || !cert.checkIssued(next) || !cert.verify(next.publicKey)) break;
  }
  return { ok: false, reason: PLAIN.UNABLE_TO_VERIFY_LEAF_SIGNATURE! };
}
