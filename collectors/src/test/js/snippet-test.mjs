// Loads the agent's browser snippet (/v1/webrtc/vigil.js) into a page on another origin (served here), makes a
// loopback call between two RTCPeerConnections with an oscillator audio track, watches the receiving side with
// Vigil.watch and waits until the agent has accepted reports that produced samples. Then closes the pc and checks
// the watcher stopped by itself.
// Args: agentUrl token chromiumPath streamId. Prints "OK <posts> <samples> <errors>" then "STOPPED <posts>".
import { chromium } from 'playwright-core';
import http from 'node:http';

const [agentUrl, token, chromiumPath, streamId] = process.argv.slice(2);

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>vigil snippet test</title>
<script src="${agentUrl}/v1/webrtc/vigil.js"></script></head>
<body><script>
window.vigilAnswers = [];
window.vigilErrors = [];
window.startCall = async function (agent, token, streamId) {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  osc.frequency.value = 440;
  const dest = ctx.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => { if (e.candidate) { b.addIceCandidate(e.candidate); } };
  b.onicecandidate = (e) => { if (e.candidate) { a.addIceCandidate(e.candidate); } };
  b.ontrack = (e) => { const el = new Audio(); el.muted = true; el.srcObject = e.streams[0]; el.play().catch(() => {}); };
  dest.stream.getTracks().forEach((t) => a.addTrack(t, dest.stream));
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  window.pcs = { a, b };
  window.watcher = Vigil.watch(b, { endpoint: agent, token, streamId, sessionId: 'sess-browser',
    participantId: 'bob', room: 'loopback', labels: { test: 'browser' }, intervalMs: 1000,
    onReport: (r) => window.vigilAnswers.push(r), onError: (e) => window.vigilErrors.push(String(e)) });
  return typeof Vigil.version;
};
</script></body></html>`;

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'] });
try {
  const p = await browser.newPage();
  p.on('pageerror', (e) => console.error('page error: ' + e.message));
  p.on('console', (m) => console.error('page console: ' + m.text()));
  await p.goto(pageUrl);
  await p.waitForFunction(() => typeof window.Vigil === 'object', null, { timeout: 10000 });
  await p.evaluate(([a, t, s]) => window.startCall(a, t, s), [agentUrl, token, streamId]);
  await p.waitForFunction(() => window.vigilAnswers.filter((r) => r.samples > 0).length >= 3, null,
    { timeout: 30000 }).catch(async (e) => {
    const state = await p.evaluate(() => ({ answers: window.vigilAnswers, errors: window.vigilErrors,
      status: window.watcher && window.watcher.lastStatus, conn: window.pcs && window.pcs.b.connectionState }));
    throw new Error('no samples accepted in time: ' + JSON.stringify(state) + ' ' + e.message);
  });
  const r = await p.evaluate(() => ({ sent: window.watcher.sent,
    samples: window.vigilAnswers.reduce((n, x) => n + x.samples, 0), errors: window.vigilErrors.length }));
  console.log(`OK ${r.sent} ${r.samples} ${r.errors}`);
  await p.evaluate(() => window.pcs.b.close());
  await p.waitForFunction(() => window.watcher.stopped === true, null, { timeout: 5000 });
  const sentAtStop = await p.evaluate(() => window.watcher.sent);
  await p.waitForTimeout(2500);
  const sentLater = await p.evaluate(() => window.watcher.sent);
  if (sentLater !== sentAtStop) { throw new Error(`posted after stop: ${sentAtStop} -> ${sentLater}`); }
  console.log(`STOPPED ${sentLater}`);
} finally {
  await browser.close();
  server.close();
}
