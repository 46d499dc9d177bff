import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { backendEndpointFrom, BACKEND_TOKEN_SECRET } from '../../src/desktop/backend-settings';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';
import { proposeParameters } from '../../src/domain/template-text';

describe('proposeParameters', () => {
  const body = 'Beste {{1}}, uw {{2}} staat klaar bij {{3}}.';
  it('fills each {{n}} from the fact its hint names', () => {
    assert.deepEqual(proposeParameters(body, ['customerName', 'plate', 'organisation'], { customerName: 'Eva', plate: 'GZ-318-K', organisation: 'Van der Meer' }), [
      'Eva',
      'GZ-318-K',
      'Van der Meer',
    ]);
  });
  it('leaves a value empty for the advisor when the hint is missing or the fact unknown', () => {
    assert.deepEqual(proposeParameters(body, ['customerName'], { customerName: null }), ['', '', '']);
    assert.deepEqual(proposeParameters('Geen waarden', ['plate'], { plate: 'X' }), []);
  });
});

describe('the backend token', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'aftersales-secrets-'));

  it('is kept in a file only the user can read, and taken from there on later starts', () => {
    const secrets = new FileSecretStore(folder());
    const first = backendEndpointFrom({ AFTERSALES_BACKEND_URL: 'https://backend.example.nl', AFTERSALES_BACKEND_TOKEN: 'abc123' }, secrets);
    assert.deepEqual(first, { url: 'https://backend.example.nl', token: 'abc123' });
    assert.equal(statSync(secrets.file).mode & 0o777, 0o600);
    assert.equal(secrets.get(BACKEND_TOKEN_SECRET), 'abc123');
    assert.deepEqual(backendEndpointFrom({ AFTERSALES_BACKEND_URL: 'https://backend.example.nl' }, secrets)?.token, 'abc123');
  });

  it('means standalone when no backend is named, and a clear error for a bad address or a missing token', () => {
    const secrets = new FileSecretStore(folder());
    assert.equal(backendEndpointFrom({}, secrets), null);
    assert.throws(() => backendEndpointFrom({ AFTERSALES_BACKEND_URL: 'ftp://x' }, secrets), /must start with http/);
    assert.throws(() => backendEndpointFrom({ AFTERSALES_BACKEND_URL: 'http://127.0.0.1:8470' }, secrets), /No token for the backend/);
  });
});
