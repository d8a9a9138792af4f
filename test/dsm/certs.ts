// Test certificates made with the openssl command line: a CA, and leaves signed by it for
// 127.0.0.1, for another host name, and one that has expired.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  cert: string;
  key: string;
}

export interface TestCerts {
  ca: string;
  leaf: Pem;
  wrongHost: Pem;
  expired: Pem;
}

const CA_CONFIG = `[ca]
default_ca = ca_default
[ca_default]
dir = .
database = index.txt
serial = serial
new_certs_dir = .
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
`;

export function makeCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'dsm-certs-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  try {
    writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '01\n');
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA');
    const leaf = (name: string, san: string, dates: string[]): Pem => {
      run('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`);
      run('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', ...dates);
      return { cert: readFileSync(join(dir, `${name}.pem`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
    };
    return {
      ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      leaf: leaf('leaf', 'IP:127.0.0.1,DNS:localhost', ['-days', '2']),
      wrongHost: leaf('other', 'DNS:nas.example', ['-days', '2']),
      expired: leaf('expired', 'IP:127.0.0.1', ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z']),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
