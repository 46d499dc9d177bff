import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, it } from 'node:test';
import { createServer } from 'node:net';
import { lanWallUrls, WALL_LAN_DEFAULT_PORT, wallListenFrom, wallListenProblem } from '../../src/desktop/host/wall-listen';

/** What Node's listen() fails with on this address. */
function listenError(host: string, port: number): Promise<unknown> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(port, host, () => server.close(() => resolve(null)));
  });
}

const refused = (argv: string[], env: Record<string, string> = {}) => {
  try {
    wallListenFrom(argv, env);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail(`${argv.join(' ')} was taken`);
};

describe('where a wall answers on the workshop’s network', () => {
  it('is on this computer only unless asked', () => {
    assert.equal(wallListenFrom(['--wall'], {}), null);
    assert.equal(wallListenFrom([], { AFTERSALES_WALL_LISTEN: '  ' }), null);
  });

  it('takes an address, with or without a port, from the command line or the environment; the command line wins', () => {
    assert.deepEqual(wallListenFrom(['--wall-listen', '0.0.0.0'], {}), { host: '0.0.0.0', port: WALL_LAN_DEFAULT_PORT });
    assert.deepEqual(wallListenFrom(['--wall-listen=192.168.1.20:5000'], {}), { host: '192.168.1.20', port: 5000 });
    assert.deepEqual(wallListenFrom(['--wall-listen', '[fd00::20]:5000'], {}), { host: 'fd00::20', port: 5000 });
    assert.deepEqual(wallListenFrom([], { AFTERSALES_WALL_LISTEN: '::' }), { host: '::', port: WALL_LAN_DEFAULT_PORT });
    assert.deepEqual(wallListenFrom(['--wall-listen', '10.0.0.5'], { AFTERSALES_WALL_LISTEN: '0.0.0.0' }), { host: '10.0.0.5', port: WALL_LAN_DEFAULT_PORT });
  });

  it('refuses in words what is no address of a computer, or no port', () => {
    assert.match(refused(['--wall-listen']), /--wall-listen needs an address of this computer, for example --wall-listen 0\.0\.0\.0/);
    assert.match(refused(['--wall-listen', '--wall']), /needs an address/);
    assert.match(refused(['--wall-listen', 'werkplaats-pc']), /"werkplaats-pc" is not an IP address\. Give the computer's IP address \(for example 192\.168\.1\.20; a name is not taken\)/);
    assert.match(refused(['--wall-listen', '192.168.1.20:0x1388']), /"0x1388" is not a port/);
    assert.match(refused(['--wall-listen', '192.168.1.20:1e3']), /"1e3" is not a port/);
    assert.match(refused([], { AFTERSALES_WALL_LISTEN: '192.168.1.20:http' }), /^AFTERSALES_WALL_LISTEN "192\.168\.1\.20:http": "http" is not a port; give one from 1 to 65535/);
    assert.match(refused(['--wall-listen', '192.168.1.20:70000']), /"70000" is not a port/);
    assert.match(refused(['--wall-listen', '192.168.1.20:0']), /"0" is not a port/);
    assert.match(refused(['--wall-listen', '999.1.1.1']), /"999\.1\.1\.1" is not an IP address/);
  });

  it('gives a television each of this computer’s network addresses for 0.0.0.0, never loopback', () => {
    const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal }) as NetworkInterfaceInfo;
    const interfaces = {
      lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
      eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6'), info('fd00::20', 'IPv6')],
      wlan0: [info('10.0.0.5', 'IPv4')],
    };
    assert.deepEqual(lanWallUrls('0.0.0.0', 4871, interfaces), ['http://192.168.1.20:4871', 'http://10.0.0.5:4871']);
    assert.deepEqual(lanWallUrls('::', 4871, interfaces), ['http://192.168.1.20:4871', 'http://[fd00::20]:4871', 'http://10.0.0.5:4871']);
    assert.deepEqual(lanWallUrls('192.168.1.20', 5000, interfaces), ['http://192.168.1.20:5000']);
  });

  it('says in words why the network listener could not start, from the failures Node gives', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.2', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const inUse = await listenError('127.0.0.2', port);
      assert.match(wallListenProblem(inUse, { host: '127.0.0.2', port })!, new RegExp(`^port ${port} on 127\\.0\\.0\\.2 is in use .*--wall-listen 127\\.0\\.0\\.2:N\\.$`));
      assert.equal(wallListenProblem(inUse, { host: '127.0.0.2', port: port + 1 }), null, 'another listener’s failure is not this one’s');
    } finally {
      taken.close();
    }
    const notHere = await listenError('203.0.113.199', 4871);
    assert.match(wallListenProblem(notHere, { host: '203.0.113.199', port: 4871 })!, /^203\.0\.113\.199 is not an address of this computer, or its network is not up yet/);
    // Root may take port 80 here; Node's failure as an ordinary user has this shape.
    const denied = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES', address: '0.0.0.0', port: 80 });
    assert.match(wallListenProblem(denied, { host: '0.0.0.0', port: 80 })!, /^port 80 needs administrator rights \(ports below 1024\): give one from 1024 up/);
  });
});
