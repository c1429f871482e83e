// Interop check of netbus's event-bus bridge with the third-party npm client
// vertx3-tcp-eventbus-client: two clustered netbus nodes on loopback (free ports), a Node client
// on each; request-reply and publish across the nodes, access_denied for a forbidden address,
// the reply to a message the client received. Then the client as a user would secure it: a token
// in `eb.defaultHeaders` against a bridge with an `auth` section (a wrong token gets
// access_denied), and TLS with the client's `ca`/`cert`/`key` options against a `"tls": true`,
// `clientAuth: required` bridge whose certificates `netbus certs` made (the certificate's CN
// names the client; a certificate of another CA is refused). Then SIGTERM and a clean exit of
// every node.
// Usage: node bridge-interop.js NETBUS_JAR NODE_MODULES_DIR
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');

const [jar, modules] = process.argv.slice(2);
const EventBus = require(path.join(modules, 'vertx3-tcp-eventbus-client', 'lib', 'tcp-vertx-eventbus.js'));
const deadline = setTimeout(() => fail('timed out after 150 s'), 150000);
const nodes = [];

function fail(msg) {
  console.error('bridge-interop: FAIL: ' + msg);
  nodes.forEach(n => { try { n.proc.kill('SIGKILL'); } catch (e) { /* gone */ } });
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function startNode(tag, conf) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbus-interop-'));
  const file = path.join(dir, tag + '.json');
  fs.writeFileSync(file, JSON.stringify(conf));
  const log = fs.openSync(path.join(dir, tag + '.log'), 'w');
  const proc = spawn('java', ['-jar', jar, 'run', '--conf', file], { stdio: ['ignore', log, log] });
  const node = { tag, proc, log: path.join(dir, tag + '.log'), exit: new Promise(r => proc.on('exit', (c, s) => r({ c, s }))) };
  nodes.push(node);
  return node;
}

// waits for a bridge to listen, then connects the npm client with `options` (its TLS options,
// handed to Node's tls.connect; the client uses TLS when they hold `cert`).
function connect(port, attempts, options) {
  return new Promise((resolve, reject) => {
    const probe = net.connect(port, '127.0.0.1');
    probe.on('connect', () => {
      probe.destroy();
      const eb = new EventBus('127.0.0.1', port, options);
      eb.onerror = err => console.error('bridge-interop: client error', err);
      eb.onopen = () => resolve(eb);
    });
    probe.on('error', () => {
      if (attempts <= 0) { reject(new Error('bridge on port ' + port + ' never came up')); return; }
      setTimeout(() => connect(port, attempts - 1, options).then(resolve, reject), 250);
    });
  });
}

// runs a netbus CLI command (certs, token) and returns what it printed.
function netbus(...args) {
  return execFileSync('java', ['-jar', jar, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// a bridge-side echo service for the secured bridges: one client registers it, another calls it.
function echoService(eb) {
  eb.registerHandler('netbus.interop.echo', (err, msg) => {
    if (!err && msg.replyAddress) msg.reply({ echo: msg.body.text });
  });
}

function callEcho(eb, ok, ko) {
  const attempt = n => eb.send('netbus.interop.echo', { text: 'hi' }, (err, reply) => {
    // the registration may not be in place yet: retry briefly on NO_HANDLERS.
    if (err && err.failureType === 'NO_HANDLERS' && n > 0) { setTimeout(() => attempt(n - 1), 200); return; }
    if (err) { ko(err); return; }
    reply.body.echo === 'hi' ? ok() : ko(reply);
  });
  attempt(25);
}

async function tokens() {
  const [port] = [await freePort()];
  const good = netbus('token', 'new');
  const token = /^token: (\S+)$/m.exec(good)[1];
  const hash = /^tokenSha256: ([0-9a-f]{64})$/m.exec(good)[1];
  startNode('tokens', {
    bridge: { port, inbound: ['netbus\\..+'], outbound: ['netbus\\..+'] },
    auth: { clients: [{ name: 'alice', tokenSha256: hash }] }
  });
  // exactly as a user writes it: the client's defaultHeaders property carries the token.
  const service = await connect(port, 480);
  service.defaultHeaders = { token };
  echoService(service);
  const caller = await connect(port, 480);
  caller.defaultHeaders = { token };
  await step('token in defaultHeaders: request-reply', (ok, ko) => callEcho(caller, ok, ko));
  const intruder = await connect(port, 480);
  intruder.defaultHeaders = { token: 'not-' + token };
  await step('wrong token in defaultHeaders: access_denied', (ok, ko) =>
    intruder.send('netbus.interop.echo', { text: 'hi' }, (err, reply) =>
      err && err.message === 'access_denied' ? ok() : ko(err || reply)));
  [service, caller, intruder].forEach(eb => eb.transport.destroy());
}

async function tls() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbus-interop-certs-'));
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'netbus-interop-other-'));
  netbus('certs', 'ca', '--dir', dir);
  netbus('certs', 'node', 'bridge', '--host', '127.0.0.1,localhost', '--dir', dir);
  netbus('certs', 'client', 'alice', '--dir', dir);
  netbus('certs', 'ca', '--dir', other);
  netbus('certs', 'client', 'alice', '--dir', other); // same CN, another CA
  startNode('tls', {
    tls: { cert: path.join(dir, 'bridge.crt'), key: path.join(dir, 'bridge.key'), ca: path.join(dir, 'ca.crt') },
    bridge: { port, tls: true, clientAuth: 'required', inbound: ['netbus\\..+'], outbound: ['netbus\\..+'] },
    auth: { clients: [{ name: 'alice', cn: 'alice' }] }
  });
  // exactly as a user writes it: the client's options go to Node's tls.connect (PEM contents).
  const pem = (d, f) => fs.readFileSync(path.join(d, f));
  const options = d => ({ ca: pem(dir, 'ca.crt'), cert: pem(d, 'alice.crt'), key: pem(d, 'alice.key') });
  const service = await connect(port, 480, options(dir));
  echoService(service);
  const caller = await connect(port, 480, options(dir));
  await step('TLS with cert/key/ca, the certificate names the client: request-reply', (ok, ko) => callEcho(caller, ok, ko));
  await step('TLS with a certificate of another CA: refused', (ok, ko) => {
    const eb = new EventBus('127.0.0.1', port, options(other));
    eb.onerror = () => {};
    eb.transport.removeAllListeners('error');
    eb.transport.on('error', () => {});
    eb.onopen = () => {
      // TLS 1.3: the client finishes its handshake before the server checks its certificate;
      // the server then refuses and closes before any frame is answered.
      eb.registerHandler('netbus.interop.echo', () => ko('a refused client was answered'));
    };
    eb.transport.on('close', () => ok());
  });
  [service, caller].forEach(eb => eb.transport.destroy());
  [dir, other].forEach(d => fs.rmSync(d, { recursive: true, force: true }));
}

function step(name, fn) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(name + ': no answer within 10 s')), 10000);
    fn(v => { clearTimeout(t); console.log('bridge-interop: ok: ' + name); resolve(v); }, e => { clearTimeout(t); reject(new Error(name + ': ' + JSON.stringify(e))); });
  });
}

async function main() {
  const [hzA, hzB, brA, brB] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const name = 'interop' + process.pid;
  const members = ['127.0.0.1:' + hzA, '127.0.0.1:' + hzB];
  const conf = (hz, br) => ({
    bridge: { port: br, inbound: ['netbus\\..+'], outbound: ['netbus\\..+'] },
    cluster: { enabled: true, host: '127.0.0.1', port: hz, members, name }
  });
  startNode('a', conf(hzA, brA));
  startNode('b', conf(hzB, brB));
  const a = await connect(brA, 480);
  const b = await connect(brB, 480);

  // a service offered by the Node client on B, called by the Node client on A (crosses nodes).
  b.registerHandler('netbus.interop.upper', (err, msg) => {
    if (!err && msg.replyAddress) msg.reply({ text: String(msg.body.text).toUpperCase() });
  });
  await step('request-reply across nodes', (ok, ko) => {
    const attempt = n => a.send('netbus.interop.upper', { text: 'hello' }, (err, reply) => {
      // the registration travels through the cluster: retry briefly on NO_HANDLERS.
      if (err && err.failureType === 'NO_HANDLERS' && n > 0) { setTimeout(() => attempt(n - 1), 200); return; }
      if (err) { ko(err); return; }
      reply.body.text === 'HELLO' ? ok() : ko(reply);
    });
    attempt(25);
  });

  await step('publish across nodes', (ok, ko) => {
    // publish until the registration has reached node A's view of the cluster.
    const t = setInterval(() => a.publish('netbus.interop.news', { n: 42 }), 200);
    setTimeout(() => clearInterval(t), 9000);
    b.registerHandler('netbus.interop.news', (err, msg) => {
      clearInterval(t);
      err ? ko(err) : (msg.body.n === 42 ? ok() : ko(msg));
    });
  });

  await step('access_denied for a forbidden address', (ok, ko) => {
    a.send('forbidden.address', { x: 1 }, (err, reply) => err && err.message === 'access_denied' ? ok() : ko(err || reply));
  });
  [a, b].forEach(eb => eb.transport.destroy());

  await tokens();
  await tls();

  for (const n of nodes) n.proc.kill('SIGTERM');
  for (const n of nodes) {
    const t0 = Date.now();
    const { c, s } = await n.exit;
    const ms = Date.now() - t0;
    if (c !== 0) fail('node ' + n.tag + ' exited with ' + c + '/' + s + ' (log: ' + n.log + ')');
    console.log('bridge-interop: ok: node ' + n.tag + ' stopped with status 0 in ' + ms + ' ms');
  }
  clearTimeout(deadline);
  process.exit(0);
}

main().catch(e => fail(e.message + ' (logs: ' + nodes.map(n => n.log).join(', ') + ')'));
