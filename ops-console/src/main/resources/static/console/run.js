// The run page: charts (uPlot) and live figures by server-sent events, about once a second.
(function () {
  const page = document.getElementById('run');
  const runId = page.dataset.runId;
  const wasActive = page.dataset.active === 'true';
  const fmt = {
    int: v => v == null ? '–' : Math.round(v).toLocaleString('en-US'),
    rate: v => v == null ? '–' : Math.round(v).toLocaleString('en-US') + ' /s',
    ms: v => v == null ? '–' : v.toFixed(2) + ' ms',
  };
  const get = (object, path) => path.split('.').reduce((o, k) => o == null ? null : o[k], object);

  // Rate chart: asked (dashed) and achieved, per timeline window, seconds from the run's start.
  const windows = JSON.parse(document.getElementById('rate-windows').textContent);
  const rate = [[], [], []];
  let lastTo = -1;
  function addWindow(w) {
    if (!w || w.toSeconds <= lastTo) return false;
    rate[0].push(w.toSeconds); rate[1].push(w.asked); rate[2].push(w.achieved);
    lastTo = w.toSeconds;
    return true;
  }
  windows.forEach(addWindow);
  const width = el => Math.max(300, el.clientWidth);
  const rateEl = document.getElementById('rate-chart');
  const rateChart = new uPlot({
    width: width(rateEl), height: 240,
    scales: {x: {time: false}},
    axes: [{label: 'seconds'}, {size: 70}],
    series: [{label: 's'},
      {label: 'asked', stroke: '#8a94a6', dash: [6, 4], width: 2, spanGaps: true},
      {label: 'achieved', stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.08)'}],
  }, rate, rateEl);

  // Latency chart: the run's distribution over every pod, by percentile.
  const labels = ['p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max'];
  const keys = ['p50', 'p90', 'p99', 'p999', 'p9999', 'max'];
  const latencyEl = document.getElementById('latency-chart');
  const latencyData = () => [[1, 2, 3, 4, 5, 6], keys.map(() => null)];
  const latencyChart = new uPlot({
    width: width(latencyEl), height: 240,
    scales: {x: {time: false}},
    axes: [{values: (u, ticks) => ticks.map(t => labels[t - 1] || ''), splits: () => [1, 2, 3, 4, 5, 6]}, {size: 70}],
    series: [{label: 'percentile', value: (u, v) => v == null ? '' : labels[v - 1]},
      {label: 'ms', stroke: '#d97706', width: 2, points: {size: 7}}],
  }, latencyData(), latencyEl);

  // Latency over time: p50, p90, p99 and max of each second of sending, as bands on a log axis; and errors per
  // second. Seconds are kept by their epoch second: a live event carries the last few again, now complete.
  const seconds = new Map();
  const addSeconds = list => (list || []).forEach(s => seconds.set(s.epochSecond, s));
  addSeconds(JSON.parse(document.getElementById('latency-seconds').textContent));
  const positive = v => v > 0 ? v : 0.001; // a log axis has no 0
  function secondsData() {
    const list = [...seconds.values()].filter(s => s.outcomes > 0).sort((a, b) => a.epochSecond - b.epochSecond);
    return [list.map(s => s.atSeconds), list.map(s => positive(s.p50)), list.map(s => positive(s.p90)),
      list.map(s => positive(s.p99)), list.map(s => positive(s.max))];
  }
  function errorsData() {
    const list = [...seconds.values()].sort((a, b) => a.epochSecond - b.epochSecond);
    return [list.map(s => s.atSeconds), list.map(s => s.deadLettered)];
  }
  const timeEl = document.getElementById('latency-time-chart');
  const timeChart = new uPlot({
    width: width(timeEl), height: 240,
    scales: {x: {time: false}, y: {distr: 3}},
    axes: [{label: 'seconds'}, {size: 70}],
    series: [{label: 's'},
      {label: 'p50', stroke: '#2563eb', width: 2},
      {label: 'p90', stroke: '#16a34a', width: 1},
      {label: 'p99', stroke: '#d97706', width: 1},
      {label: 'max', stroke: '#dc2626', width: 1}],
    bands: [{series: [4, 3], fill: 'rgba(220,38,38,0.12)'}, {series: [3, 2], fill: 'rgba(217,119,6,0.15)'},
      {series: [2, 1], fill: 'rgba(22,163,74,0.15)'}],
  }, secondsData(), timeEl);
  const errorsEl = document.getElementById('errors-chart');
  const errorsChart = new uPlot({
    width: width(errorsEl), height: 240,
    scales: {x: {time: false}},
    axes: [{label: 'seconds'}, {size: 70}],
    series: [{label: 's'}, {label: 'dead-lettered', stroke: '#dc2626', width: 2}],
  }, errorsData(), errorsEl);

  function show(figures) {
    document.querySelectorAll('[data-f]').forEach(el => {
      const value = get(figures, el.dataset.f);
      el.textContent = el.dataset.fmt ? fmt[el.dataset.fmt](value) : (value == null ? '–' : value);
    });
    const state = document.getElementById('state');
    state.className = 'state big ' + figures.summary.state;
    document.getElementById('progress-bar').style.width = (figures.progress * 100) + '%';
    if (addWindow(figures.window)) rateChart.setData(rate);
    if (figures.recent && figures.recent.length) {
      addSeconds(figures.recent);
      timeChart.setData(secondsData());
      errorsChart.setData(errorsData());
    }
    const bound = document.getElementById('generator-bound');
    if (bound) bound.hidden = figures.summary.generatorBound !== true;
    const latency = figures.summary.latency;
    if (latency && latency.count > 0) latencyChart.setData([[1, 2, 3, 4, 5, 6], keys.map(k => latency[k])]);
    const reasons = document.querySelector('#reasons tbody');
    const byReason = figures.summary.deadLetteredByReason || {};
    reasons.innerHTML = '';
    Object.keys(byReason).sort().forEach(reason => {
      const row = reasons.insertRow();
      row.insertCell().textContent = reason;
      const n = row.insertCell(); n.className = 'num'; n.textContent = fmt.int(byReason[reason]);
    });
    const none = document.getElementById('no-reasons');
    if (none) none.hidden = Object.keys(byReason).length > 0;
    const problems = document.getElementById('problems');
    problems.innerHTML = '';
    if (figures.summary.problems.length === 0) problems.textContent = figures.active ? 'Accounting holds so far.' : 'Accounting holds.';
    figures.summary.problems.forEach(p => {
      const line = document.createElement('div'); line.className = 'bad'; line.textContent = p; problems.appendChild(line);
    });
  }

  show(JSON.parse(document.getElementById('initial').textContent));
  if (!wasActive) return;
  const source = new EventSource('/runs/' + encodeURIComponent(runId) + '/events');
  source.addEventListener('figures', event => {
    const figures = JSON.parse(event.data);
    show(figures);
    if (!figures.active) {
      source.close();
      // The run ended: reload once for its final actions (back up) and dead letter examples.
      setTimeout(() => location.reload(), 500);
    }
  });
  window.addEventListener('resize', () => {
    rateChart.setSize({width: width(rateEl), height: 240});
    latencyChart.setSize({width: width(latencyEl), height: 240});
    timeChart.setSize({width: width(timeEl), height: 240});
    errorsChart.setSize({width: width(errorsEl), height: 240});
  });
})();
