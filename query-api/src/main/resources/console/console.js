// Vigil operator console: plain JS, no build step. Reads the API with the operator's bearer token.
(function () {
  'use strict';
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) { localStorage.setItem('vigil.token', fragment.get('token')); }
  let token = localStorage.getItem('vigil.token') || '';
  let selected = null;
  const $ = (s) => document.querySelector(s);

  function roles() {
    try { return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).roles || []; }
    catch (e) { return []; }
  }
  const canSilence = () => roles().some((r) => r === 'operator' || r === 'admin');

  async function api(path, options) {
    const res = await fetch(path, Object.assign({ headers: { Authorization: 'Bearer ' + token,
      'Content-Type': 'application/json' } }, options || {}));
    if (!res.ok) {
      let detail = res.statusText;
      try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(res.status + ' ' + detail);
    }
    return res.status === 204 ? null : res.json();
  }

  const fmt = (v, d) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
  }

  async function loadStreams() {
    const body = await api('/streams?status=active&limit=200');
    const tbody = $('#streams tbody');
    tbody.replaceChildren();
    body.items.forEach((s) => {
      const tr = document.createElement('tr');
      tr.dataset.stream = s.stream_id;
      if (s.stream_id === selected) { tr.className = 'selected'; }
      cell(tr, s.stream_id);
      cell(tr, s.name || '');
      cell(tr, fmt(s.mos, 2), s.mos !== null && s.mos < 3.5 ? 'bad' : '');
      cell(tr, fmt(s.loss_pct, 1), s.loss_pct > 5 ? 'bad' : '');
      cell(tr, fmt(s.jitter_ms, 0), s.jitter_ms > 30 ? 'bad' : '');
      cell(tr, fmt(s.rtt_ms, 0), s.rtt_ms > 300 ? 'bad' : '');
      cell(tr, s.participants === null ? '–' : String(s.participants));
      tr.addEventListener('click', () => { selected = s.stream_id; loadChart(); loadStreams(); });
      tbody.appendChild(tr);
    });
    if (!selected && body.items.length) { selected = body.items[0].stream_id; loadChart(); }
  }

  // A small SVG line chart: x = time over the range, y scaled per series.
  function line(points, key, max, from, to) {
    const xs = (t) => ((new Date(t) - from) / (to - from)) * 800;
    const ys = (v) => 230 - (Math.min(v, max) / max) * 220;
    return points.filter((p) => p[key] !== null)
      .map((p, i) => (i ? 'L' : 'M') + xs(p.ts).toFixed(1) + ' ' + ys(p[key]).toFixed(1)).join(' ');
  }

  async function loadChart() {
    if (!selected) { return; }
    const body = await api('/streams/' + encodeURIComponent(selected) + '/quality-metrics?from=-1h');
    $('#chart-title').textContent = selected + ' (' + body.source + ', ' + body.bucket_seconds + ' s buckets)';
    const from = new Date(body.from), to = new Date(body.to);
    const svg = $('#chart');
    svg.replaceChildren();
    [['mos_avg', 4.5, 'mos'], ['loss_pct_avg', 20, 'loss']].forEach(([key, max, cls]) => {
      const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      p.setAttribute('class', 'series ' + cls);
      p.setAttribute('d', line(body.points, key, max, from, to) || 'M0 230');
      svg.appendChild(p);
    });
    svg.dataset.points = String(body.points.length);
  }

  async function silence(alert) {
    const matchers = Object.entries(alert.labels || {}).map(([label, value]) => ({ label, op: 'eq', value }));
    await api('/silences', { method: 'POST', body: JSON.stringify({ matchers, duration: '1h',
      comment: 'silenced from the console' }) });
    $('#status').textContent = 'silenced ' + alert.fingerprint + ' for 1 h';
  }

  async function loadAlerts() {
    const body = await api('/alerts?status=firing&limit=200');
    const ul = $('#alerts');
    ul.replaceChildren();
    body.items.forEach((a) => {
      const li = document.createElement('li');
      li.dataset.fingerprint = a.fingerprint;
      const sev = document.createElement('strong');
      sev.className = a.severity;
      sev.textContent = a.severity + ' ';
      li.appendChild(sev);
      const summary = (a.annotations && a.annotations.summary) || a.rule_id;
      li.appendChild(document.createTextNode(summary + ' ' + JSON.stringify(a.labels) + ' value ' + fmt(a.value, 2)
        + ' since ' + a.starts_at + ' '));
      if (canSilence()) {
        const b = document.createElement('button');
        b.textContent = 'Silence 1h';
        b.addEventListener('click', () => silence(a).catch(showError));
        li.appendChild(b);
      }
      ul.appendChild(li);
    });
    if (!body.items.length) { ul.innerHTML = '<li class="muted">no firing alerts</li>'; }
  }

  async function loadHealth() {
    const body = await api('/v2/health/system');
    const tbody = $('#health tbody');
    tbody.replaceChildren();
    body.instances.filter((i) => i.component === 'ffmpeg' || i.component === 'collector' || i.component === 'sfu')
      .forEach((i) => {
        const tr = document.createElement('tr');
        cell(tr, i.node_id); cell(tr, i.component); cell(tr, i.instance); cell(tr, i.status);
        cell(tr, i.verdict, i.verdict); cell(tr, fmt(i.cpu_pct, 0)); cell(tr, fmt(i.speed, 2));
        cell(tr, fmt(i.age_s, 0));
        tbody.appendChild(tr);
      });
  }

  function showError(e) { $('#status').textContent = 'error: ' + e.message; }

  async function refresh() {
    try {
      await Promise.all([loadStreams(), loadAlerts(), loadHealth()]);
      $('#status').textContent = 'updated ' + new Date().toLocaleTimeString();
      document.body.dataset.loaded = 'true';
    } catch (e) { showError(e); }
  }

  $('#token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    token = $('#token').value.trim();
    localStorage.setItem('vigil.token', token);
    refresh();
  });
  refresh();
  setInterval(refresh, 2000);
  setInterval(loadChart, 15000);
})();
