// Certificates for a local HTTPS back office, made with the openssl command line (Debian's
// `openssl` package): a CA of the test's own, and server certificates from it that are valid,
// expired, or for another host name, plus a self-signed one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  /** The CA's certificate file (what `backOffice.caCertificate` names). */
  caFile: string;
  caPem: string;
  /** Key and certificate chain for https.createServer, by case. */
  servers: Record<'valid' | 'expired' | 'wrongHost' | 'selfSigned', { key: string; cert: string }>;
  close(): void;
}

const SAN = 'subjectAltName=IP:127.0.0.1,DNS:localhost\n';

export function makeTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-pki-'));
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/O=Deqing test/CN=Deqing Test Intranet CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  fs.writeFileSync(f('san.ext'), SAN);
  fs.writeFileSync(f('other.ext'), 'subjectAltName=DNS:backoffice.example.gov.cn\n');
  const leaf = (name: string, ext: string) => {
    ssl(
      'req',
      '-new',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      ext,
    );
  };
  leaf('valid', 'san.ext');
  leaf('wrong-host', 'other.ext');
  // Expired: `openssl ca` takes explicit dates (x509 -req cannot go back in time).
  fs.writeFileSync(f('index.txt'), '');
  fs.writeFileSync(f('serial'), '01\n');
  fs.writeFileSync(
    f('ca.cnf'),
    '[ca]\ndefault_ca = x\n[x]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n' +
      'default_md = sha256\npolicy = p\nunique_subject = no\n[p]\ncommonName = supplied\n',
  );
  ssl(
    'req',
    '-new',
    ...ec,
    '-keyout',
    'expired.key',
    '-out',
    'expired.csr',
    '-subj',
    '/CN=expired',
  );
  ssl(
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.pem',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-notext',
    '-extfile',
    'san.ext',
  );
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    SAN.trim(),
  );
  const read = (n: string) => fs.readFileSync(f(n), 'utf8');
  const pair = (n: string) => ({ key: read(`${n}.key`), cert: read(`${n}.pem`) });
  return {
    dir,
    caFile: f('ca.pem'),
    caPem: read('ca.pem'),
    servers: {
      valid: pair('valid'),
      expired: pair('expired'),
      wrongHost: pair('wrong-host'),
      selfSigned: pair('self'),
    },
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
