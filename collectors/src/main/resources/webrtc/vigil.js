/*!
 * Vigil WebRTC stats snippet, served by the Vigil collector agent at GET /v1/webrtc/vigil.js. No dependencies.
 *
 *   <script src="https://agent.example:8086/v1/webrtc/vigil.js"></script>
 *   const watcher = Vigil.watch(pc, {
 *     endpoint: 'https://agent.example:8086', // agent base URL; default: where this script was loaded from
 *     token: '...',                           // one of the agent's VIGIL_API_TOKENS (sent as a Bearer token)
 *     streamId: 'room1-alice',                // required
 *     sessionId, participantId, room,         // optional identity tags
 *     labels: {region: 'eu'},                 // optional string labels
 *     intervalMs: 5000,                       // how often getStats() is polled and posted (min 1000)
 *     onReport: (answer) => {}, onError: (err) => {}   // optional callbacks
 *   });
 *   watcher.stop();
 *
 * Every interval it posts {stream_id, session_id, participant_id, room, source: "browser", labels, ts, stats: [...]}
 * to POST /v1/webrtc/stats, with the RTCStats the agent uses (RTP streams, candidate pairs/candidates, transport,
 * codecs). It stops by itself when pc.connectionState becomes 'closed'. Failed posts back off (honouring
 * Retry-After) up to 60 s and never throw into the page.
 */
(function (root) {
  'use strict';

  var VERSION = '1.0.0';
  var DEFAULT_TYPES = ['inbound-rtp', 'outbound-rtp', 'remote-inbound-rtp', 'remote-outbound-rtp', 'candidate-pair',
    'local-candidate', 'remote-candidate', 'transport', 'codec'];
  var MAX_BACKOFF_MS = 60000;

  var scriptOrigin = (function () {
    try {
      var s = root.document && root.document.currentScript;
      return s && s.src ? new URL(s.src).origin : null;
    } catch (e) {
      return null;
    }
  })();

  function watch(pc, options) {
    if (!pc || typeof pc.getStats !== 'function') {
      throw new TypeError('Vigil.watch: the first argument must be an RTCPeerConnection');
    }
    var o = options || {};
    if (!o.streamId) {
      throw new TypeError('Vigil.watch: options.streamId is required');
    }
    var endpoint = String(o.endpoint || scriptOrigin || '').replace(/\/+$/, '');
    if (!endpoint) {
      throw new TypeError('Vigil.watch: options.endpoint (the agent base URL) is required');
    }
    var url = endpoint + '/v1/webrtc/stats';
    var intervalMs = Math.max(1000, Number(o.intervalMs) || 5000);
    var types = o.types || DEFAULT_TYPES;
    var state = { stopped: false, sent: 0, failures: 0, lastError: null, lastStatus: null };
    var timer = null;

    function callback(name, arg) {
      if (typeof o[name] === 'function') {
        try {
          o[name](arg);
        } catch (e) {
          // a page callback must not stop the watcher
        }
      }
    }

    function body(report) {
      var stats = [];
      report.forEach(function (s) {
        if (types.indexOf(s.type) >= 0) {
          stats.push(s);
        }
      });
      var b = { stream_id: String(o.streamId), source: o.source || 'browser', ts: Date.now(), stats: stats };
      if (o.sessionId) { b.session_id = String(o.sessionId); }
      if (o.participantId) { b.participant_id = String(o.participantId); }
      if (o.room) { b.room = String(o.room); }
      if (o.labels) { b.labels = o.labels; }
      return JSON.stringify(b);
    }

    function fail(err, retryAfterS) {
      state.failures++;
      state.lastError = err;
      callback('onError', err);
      var backoff = Math.min(MAX_BACKOFF_MS, intervalMs * Math.pow(2, Math.min(state.failures, 6)));
      return Math.max(backoff, (retryAfterS || 0) * 1000);
    }

    function tick() {
      timer = null;
      if (state.stopped) {
        return;
      }
      if (pc.connectionState === 'closed') {
        stop();
        return;
      }
      pc.getStats().then(function (report) {
        if (state.stopped) {
          return intervalMs;
        }
        var headers = { 'Content-Type': 'application/json' };
        if (o.token) {
          headers.Authorization = 'Bearer ' + o.token;
        }
        return fetch(url, { method: 'POST', headers: headers, body: body(report), mode: 'cors', credentials: 'omit',
          cache: 'no-store' }).then(function (res) {
          state.lastStatus = res.status;
          if (res.ok) {
            state.sent++;
            state.failures = 0;
            return res.json().then(function (answer) {
              callback('onReport', answer);
              return intervalMs;
            }, function () {
              return intervalMs;
            });
          }
          var retryAfter = Number(res.headers.get('Retry-After')) || 0;
          return res.text().then(function (text) {
            var err = new Error('Vigil: agent answered ' + res.status + ': ' + text);
            err.status = res.status;
            // 400: this report was refused, the next one may be fine; anything else backs off
            return res.status === 400 ? (fail(err, 0), intervalMs) : fail(err, retryAfter);
          });
        });
      }).catch(function (e) {
        return fail(e, 0);
      }).then(function (delay) {
        if (!state.stopped) {
          timer = setTimeout(tick, delay || intervalMs);
        }
      });
    }

    function onStateChange() {
      if (pc.connectionState === 'closed') {
        stop();
      }
    }

    function stop() {
      if (state.stopped) {
        return;
      }
      state.stopped = true;
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      if (typeof pc.removeEventListener === 'function') {
        pc.removeEventListener('connectionstatechange', onStateChange);
      }
      callback('onStop', state);
    }

    if (typeof pc.addEventListener === 'function') {
      pc.addEventListener('connectionstatechange', onStateChange);
    }
    timer = setTimeout(tick, 0); // the first report is the baseline; intervals follow every intervalMs

    return {
      stop: stop,
      get stopped() { return state.stopped; },
      get sent() { return state.sent; },
      get failures() { return state.failures; },
      get lastError() { return state.lastError; },
      get lastStatus() { return state.lastStatus; }
    };
  }

  var Vigil = { version: VERSION, watch: watch };
  root.Vigil = Vigil;
  if (typeof module === 'object' && module && module.exports) {
    module.exports = Vigil;
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
