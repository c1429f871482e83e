// Interop check of netbus's event-bus bridge with the third-party npm client
// vertx3-tcp-eventbus-client: two clustered netbus nodes on loopback (free ports), a Node client
// on each; request-reply and publish across the nodes, access_denied for a forbidden address,
// the reply to a message the client received, then SIGTERM and a clean exit of both nodes.
// Usage: node bridge-interop.js NETBUS_JAR NODE_MODULES_DIR
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

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

function connect(port, attempts) {
  return new Promise((resolve, reject) => {
    const probe = net.connect(port, '127.0.0.1');
    probe.on('connect', () => {
      probe.destroy();
      const eb = new EventBus('127.0.0.1', port);
      eb.onerror = err => console.error('bridge-interop: client error', err);
      eb.onopen = () => resolve(eb);
    });
    probe.on('error', () => {
      if (attempts <= 0) { reject(new Error('bridge on port ' + port + ' never came up')); return; }
      setTimeout(() => connect(port, attempts - 1).then(resolve, reject), 250);
    });
  });
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
