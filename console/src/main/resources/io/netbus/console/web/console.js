// netbus console: polls the node's JSON API every 2 s, keeps 5 minutes of samples for the charts
// (uPlot), and tails a bus address through the node's SockJS bridge (its raw WebSocket endpoint).
// With an auth section on the node it asks for a client's token once per tab.
(function () {
  "use strict";

  var POLL_MS = 2000;
  var HISTORY = 150; // 5 minutes of 2 s samples
  var TAIL_LINES = 200;
  var PING_MS = 5000;

  var self = null;      // this node's name
  var selected = null;  // node whose listeners are shown
  var previous = null;  // last status sample of the selected node, for rates
  var history = emptyHistory();
  var charts = {};

  function $(id) { return document.getElementById(id); }

  function emptyHistory() {
    return { t: [], msgIn: [], msgOut: [], bytesIn: [], bytesOut: [], conns: [] };
  }

  // --- the token of an auth client, asked for once per tab (sessionStorage), sent as Bearer ---
  var TOKEN_KEY = "netbus.token";
  var asking = null; // the pending question, shared by every request that got a 401

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  // A link may carry the token in its fragment (never sent to the server): keep it, then drop it
  // from the address bar and the history entry.
  (function tokenFromLink() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.get("token")) {
      sessionStorage.setItem(TOKEN_KEY, params.get("token"));
      params.delete("token");
      window.history.replaceState(null, "", location.pathname + location.search + (params.toString() ? "#" + params : ""));
    }
  })();

  function askToken(message) {
    if (asking) { return asking; }
    var form = $("login");
    $("login-message").textContent = message;
    form.hidden = false;
    setState("signed out", false);
    asking = new Promise(function (resolve) {
      form.onsubmit = function (e) {
        e.preventDefault();
        var value = $("login-token").value.trim();
        if (!value) { return; }
        sessionStorage.setItem(TOKEN_KEY, value);
        $("login-token").value = "";
        form.hidden = true;
        asking = null;
        resolve();
        if (tailed) { tail(tailed); } // the tail registers again with the new token
      };
    });
    $("login-token").focus();
    return asking;
  }

  function api(path) {
    var headers = { "Accept": "application/json" };
    if (token()) { headers.Authorization = "Bearer " + token(); }
    return fetch(path, { headers: headers }).then(function (r) {
      if (r.status === 401) {
        var had = token();
        sessionStorage.removeItem(TOKEN_KEY);
        return askToken(had ? "That token was not accepted (wrong or unknown): enter the token of an auth client."
          : "This console needs the token of an auth client.").then(function () { return api(path); });
      }
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || ("HTTP " + r.status)); }
        return body;
      });
    });
  }

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }

  function human(n) {
    if (n === null || n === undefined || isNaN(n)) { return "–"; }
    var units = ["", "k", "M", "G", "T"];
    var i = 0;
    while (Math.abs(n) >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i === 0 ? Math.round(n * 10) / 10 : n.toFixed(1)) + units[i];
  }

  function tick(v) {
    return Math.abs(v) >= 1000 ? human(v) : String(Math.round(v * 100) / 100);
  }

  function uptime(ms) {
    var s = Math.floor(ms / 1000);
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    return d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + m + "m" : m + "m " + (s % 60) + "s";
  }

  function setState(text, ok) {
    var el = $("state");
    el.textContent = text;
    el.className = "badge " + (ok ? "ok" : "bad");
  }

  function renderNodes(body) {
    var tbody = $("nodes").tBodies[0];
    tbody.textContent = "";
    (body.nodes || []).forEach(function (n) {
      var tr = document.createElement("tr");
      tr.className = "selectable" + (n.name === selected ? " selected" : "");
      tr.dataset.node = n.name;
      cell(tr, n.name);
      cell(tr, n.address || "standalone");
      if (n.reachable === false) { tr.className += " unreachable"; }
      cell(tr, n.reachable === false ? "not answering" : uptime(n.uptimeMs || 0));
      cell(tr, String(n.listeners), "num");
      cell(tr, String(n.connections), "num");
      tr.addEventListener("click", function () { select(n.name); });
      tbody.appendChild(tr);
    });
  }

  function rate(now, before, field, seconds) {
    if (!before || seconds <= 0) { return null; }
    return Math.max(0, (now[field] - before[field]) / seconds);
  }

  function renderStatus(status) {
    var now = Date.now();
    var byKey = {};
    var seconds = previous ? (now - previous.at) / 1000 : 0;
    if (previous) { previous.listeners.forEach(function (l) { byKey[l.kind + "/" + l.name] = l; }); }
    var tbody = $("listeners").tBodies[0];
    tbody.textContent = "";
    var totals = { msgIn: 0, msgOut: 0, bytesIn: 0, bytesOut: 0, conns: 0 };
    var suggestions = $("tail-suggestions");
    suggestions.textContent = "";
    status.listeners.forEach(function (l) {
      var before = byKey[l.kind + "/" + l.name];
      var r = {
        msgIn: rate(l, before, "messagesIn", seconds), msgOut: rate(l, before, "messagesOut", seconds),
        bytesIn: rate(l, before, "bytesIn", seconds), bytesOut: rate(l, before, "bytesOut", seconds)
      };
      var tr = document.createElement("tr");
      tr.className = "listener";
      tr.dataset.listener = l.kind + "/" + l.name;
      cell(tr, l.kind);
      cell(tr, l.name);
      cell(tr, (l.address || "not bound") + (l.tls ? " (TLS)" : ""));
      cell(tr, String(l.connections), "num connections");
      cell(tr, human(r.msgIn), "num");
      cell(tr, human(r.msgOut), "num");
      cell(tr, human(r.bytesIn), "num");
      cell(tr, human(r.bytesOut), "num");
      cell(tr, String(l.errors), "num");
      tbody.appendChild(tr);
      Object.keys(r).forEach(function (k) { totals[k] += r[k] || 0; });
      totals.conns += l.connections;
      if (l.kind === "tcp" || l.kind === "udp") {
        ["in", "events"].forEach(function (suffix) {
          var o = document.createElement("option");
          o.value = "netbus." + l.kind + "." + l.name + "." + suffix;
          suggestions.appendChild(o);
        });
      }
    });
    renderTransfers(status.transfers || []);
    if (previous) { sample(now / 1000, totals); }
    previous = { at: now, listeners: status.listeners };
  }

  function renderTransfers(transfers) {
    var tbody = $("transfers").tBodies[0];
    tbody.textContent = "";
    $("no-transfers").hidden = transfers.length > 0;
    transfers.forEach(function (t) {
      var tr = document.createElement("tr");
      cell(tr, t.listener);
      cell(tr, t.file);
      cell(tr, t.direction);
      var td = cell(tr, "");
      var bar = document.createElement("progress");
      if (t.total > 0) { bar.max = t.total; bar.value = t.bytes; }
      td.appendChild(bar);
      td.appendChild(document.createTextNode(" " + human(t.bytes) + "B" + (t.total > 0 ? " of " + human(t.total) + "B" : "")));
      tbody.appendChild(tr);
    });
  }

  function sample(t, totals) {
    var h = history;
    h.t.push(t); h.msgIn.push(totals.msgIn); h.msgOut.push(totals.msgOut);
    h.bytesIn.push(totals.bytesIn); h.bytesOut.push(totals.bytesOut); h.conns.push(totals.conns);
    if (h.t.length > HISTORY) { Object.keys(h).forEach(function (k) { h[k].shift(); }); }
    charts.messages.setData([h.t, h.msgIn, h.msgOut]);
    charts.bytes.setData([h.t, h.bytesIn, h.bytesOut]);
    charts.connections.setData([h.t, h.conns]);
  }

  function chart(id, series) {
    var el = $(id);
    var opts = {
      width: Math.max(200, el.clientWidth), height: 180,
      legend: { show: true },
      series: [{}].concat(series.map(function (s) { return { label: s[0], stroke: s[1], width: 1.5 }; })),
      axes: [{}, { size: 50, values: function (u, vals) { return vals.map(tick); } }]
    };
    var data = [[]].concat(series.map(function () { return []; }));
    return new uPlot(opts, data, el);
  }

  function resizeCharts() {
    Object.keys(charts).forEach(function (k) {
      var c = charts[k];
      c.setSize({ width: Math.max(200, c.root.parentNode.clientWidth), height: 180 });
    });
  }

  function select(node) {
    if (node === selected) { return; }
    selected = node;
    previous = null;
    history = emptyHistory();
    Object.keys(charts).forEach(function (k) { charts[k].setData(charts[k].data.map(function () { return []; })); });
    $("node-name").textContent = node;
    poll();
  }

  function poll() {
    api("api/nodes").then(function (body) {
      renderNodes(body);
      return api("api/status?node=" + encodeURIComponent(selected));
    }).then(function (status) {
      renderStatus(status);
      setState("live", true);
    }).catch(function (err) {
      setState(err.message, false);
    });
  }

  // --- live tail over the SockJS bridge's raw WebSocket (receive-only rules on the node) ---
  var socket = null, tailed = null, pinger = null;

  function tailState(text) { $("tail-state").textContent = text; }

  function tailLine(text) {
    var list = $("tail");
    var li = document.createElement("li");
    li.textContent = new Date().toLocaleTimeString() + "  " + text;
    list.insertBefore(li, list.firstChild);
    while (list.children.length > TAIL_LINES) { list.removeChild(list.lastChild); }
  }

  function connectTail(onOpen) {
    if (socket && socket.readyState === WebSocket.OPEN) { onOpen(); return; }
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host
      + location.pathname.replace(/[^/]*$/, "") + "eventbus/websocket";
    socket = new WebSocket(url);
    socket.binaryType = "arraybuffer"; // the bridge sends its JSON frames as binary messages
    socket.onopen = function () {
      pinger = setInterval(function () { socket.send(JSON.stringify({ type: "ping" })); }, PING_MS);
      onOpen();
    };
    socket.onmessage = function (e) {
      var m = JSON.parse(typeof e.data === "string" ? e.data : new TextDecoder().decode(e.data));
      if (m.type === "rec") {
        var b = m.body;
        tailLine(typeof b === "object" && b !== null && b.text !== undefined ? (b.connection || "") + " " + b.text
          : JSON.stringify(b));
      } else if (m.type === "err") {
        tailState("refused: " + (m.body || "access_denied") + " (the console's metrics.tail rules, or your client's bus rules)");
      }
    };
    socket.onclose = function () {
      clearInterval(pinger);
      socket = null;
      if (tailed) { tailState("disconnected from " + tailed); tailed = null; }
    };
  }

  function tail(address) {
    connectTail(function () {
      if (tailed) { socket.send(JSON.stringify({ type: "unregister", address: tailed })); }
      tailed = address;
      var frame = { type: "register", address: address };
      if (token()) { frame.headers = { token: token() }; } // a WebSocket carries no Authorization header
      socket.send(JSON.stringify(frame));
      tailState("tailing " + address);
    });
  }

  $("tail-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var address = $("tail-address").value.trim();
    if (address) { tail(address); }
  });
  $("tail-stop").addEventListener("click", function () {
    if (socket && tailed) { socket.send(JSON.stringify({ type: "unregister", address: tailed })); }
    tailed = null;
    tailState("not tailing");
  });

  charts.messages = chart("chart-messages", [["in", "#0b6bcb"], ["out", "#e36209"]]);
  charts.bytes = chart("chart-bytes", [["in", "#0b6bcb"], ["out", "#e36209"]]);
  charts.connections = chart("chart-connections", [["open", "#2e7d32"]]);
  window.addEventListener("resize", resizeCharts);

  api("api/status").then(function (status) {
    self = status.node.name;
    $("self").textContent = "this node: " + self;
    // Links can preselect: #node=NAME&tail=ADDRESS
    var params = new URLSearchParams(location.hash.slice(1));
    select(params.get("node") || self);
    setInterval(poll, POLL_MS);
    if (params.get("tail")) {
      $("tail-address").value = params.get("tail");
      tail(params.get("tail"));
    }
  }).catch(function (err) { setState(err.message, false); });
})();
