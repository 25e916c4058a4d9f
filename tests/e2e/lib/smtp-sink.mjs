// A loopback SMTP sink for tests: speaks enough SMTP for libcurl (EHLO,
// HELO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT), records
// every message it accepts, and can be told to answer a stage with a 4xx
// or 5xx reply to test retries. Listens on 127.0.0.1 only.
import net from 'node:net';

/** Parses a message as received (CRLF lines, dot-stuffing undone) into
 * { raw, headers (lower-case names, folded lines joined), body ("\n" lines) }. */
export function parseMessage(raw) {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { raw, headers, body: body.replace(/\r\n/g, '\n') };
}

/** Decodes RFC 2047 encoded words (B and Q, UTF-8) in a header value. */
export function decodeWords(value) {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc, text) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/**
 * Starts a sink on a free loopback port. Options:
 *   auth: { user, password } to require AUTH PLAIN with these.
 * Returns { port, url, messages, sessions, fail(stage, reply), close() }:
 * messages holds { from, to: [...], raw, headers, body } for each message
 * accepted; fail('rcpt' | 'mail' | 'data' | 'ehlo', '451 4.3.0 Try again
 * later') makes that stage answer so until fail(null); sessions counts
 * connections.
 */
export async function startSmtpSink({ auth = null } = {}) {
  const messages = [];
  const sockets = new Set();
  let failure = null; // { stage, reply }
  let sessions = 0;
  const server = net.createServer((sock) => {
    sessions++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = '';
    let inData = false;
    let data = '';
    let tx = { from: null, to: [] };
    let authed = !auth;
    const say = (line) => { if (!sock.destroyed) sock.write(`${line}\r\n`); };
    const failAt = (stage) => (failure && failure.stage === stage ? failure.reply : null);
    say('220 sink.test ESMTP ready');
    let awaitingAuth = false;
    const checkPlain = (b64) => {
      const [, user, password] = Buffer.from(b64, 'base64').toString('utf8').split('\0');
      if (user === auth.user && password === auth.password) { authed = true; return say('235 2.7.0 Authenticated'); }
      return say('535 5.7.8 Authentication credentials invalid');
    };
    const command = (line) => {
      if (awaitingAuth) { awaitingAuth = false; return checkPlain(line); }
      const verb = line.split(' ')[0].toUpperCase();
      const arg = line.slice(verb.length).trim();
      if (verb === 'EHLO' || verb === 'HELO') {
        const f = failAt('ehlo');
        if (f) return say(f);
        tx = { from: null, to: [] };
        if (verb === 'HELO') return say('250 sink.test');
        say('250-sink.test');
        say('250-8BITMIME');
        if (auth) say('250-AUTH PLAIN');
        return say('250 SIZE 10485760');
      }
      if (verb === 'AUTH') {
        const [mech, initial] = arg.split(/\s+/);
        if (!auth || mech.toUpperCase() !== 'PLAIN') return say('504 5.5.4 Only AUTH PLAIN');
        if (!initial) { awaitingAuth = true; return say('334 '); }
        return checkPlain(initial);
      }
      if (verb === 'MAIL') {
        if (!authed) return say('530 5.7.0 Authentication required');
        const f = failAt('mail');
        if (f) return say(f);
        const m = arg.match(/^FROM:\s*<([^>]*)>/i);
        if (!m) return say('501 5.5.4 Syntax: MAIL FROM:<address>');
        tx = { from: m[1], to: [] };
        return say('250 2.1.0 OK');
      }
      if (verb === 'RCPT') {
        if (tx.from === null) return say('503 5.5.1 MAIL first');
        const f = failAt('rcpt');
        if (f) return say(f);
        const m = arg.match(/^TO:\s*<([^>]*)>/i);
        if (!m || /[\r\n]/.test(m[1])) return say('501 5.5.4 Syntax: RCPT TO:<address>');
        tx.to.push(m[1]);
        return say('250 2.1.5 OK');
      }
      if (verb === 'DATA') {
        if (!tx.to.length) return say('503 5.5.1 RCPT first');
        inData = true;
        data = '';
        return say('354 End data with <CR><LF>.<CR><LF>');
      }
      if (verb === 'RSET') { tx = { from: null, to: [] }; return say('250 2.0.0 OK'); }
      if (verb === 'NOOP') return say('250 2.0.0 OK');
      if (verb === 'QUIT') { say('221 2.0.0 Bye'); return sock.end(); }
      return say('502 5.5.2 Command not recognised');
    };
    const endData = () => {
      inData = false;
      const text = Buffer.from(data, 'latin1').toString('utf8');
      const raw = text.split('\r\n').map((l) => (l.startsWith('.') ? l.slice(1) : l)).join('\r\n');
      const f = failAt('data');
      if (f) { tx = { from: null, to: [] }; return say(f); }
      messages.push({ from: tx.from, to: tx.to, ...parseMessage(raw) });
      tx = { from: null, to: [] };
      return say(`250 2.0.0 OK queued as ${messages.length}`);
    };
    sock.setEncoding('latin1'); // bytes as they came; bodies are decoded as UTF-8 below
    sock.on('data', (chunk) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          // The message ends at a line of one dot (CRLF.CRLF).
          data += buf;
          buf = '';
          const i = data.startsWith('.\r\n') ? 0 : data.indexOf('\r\n.\r\n') + 2;
          if (i < 2 && !data.startsWith('.\r\n')) return;
          buf = data.slice(i + 3);
          data = data.slice(0, i);
          endData();
          continue;
        }
        const i = buf.indexOf('\r\n');
        if (i < 0) return;
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        command(line);
      }
    });
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  const { port } = server.address();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get sessions() { return sessions; },
    fail(stage, reply) { failure = stage ? { stage, reply } : null; },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
}
