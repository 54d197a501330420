// The device page: reads ?device=<id>, then shows the device through the public API only
// (summary, series, history). No framework and no build step: the page is small, and what the
// browser ships is what is in the jar. Every value from the API goes in with textContent, never
// as markup.
'use strict';

(() => {
  const KEY_STORAGE = 'bright-counter.api-key';
  const PAGE_SIZE = 20;
  const HISTORY_LIMIT = 10000;
  // The most buckets a series answers.
  const MAX_BUCKETS = 10000;
  const STEPS = { PT1M: { seconds: 60, name: 'minute' }, PT1H: { seconds: 3600, name: 'hour' },
    P1D: { seconds: 86400, name: 'day' } };
  const HOUR_MS = 3600 * 1000;
  const DAY_MS = 24 * HOUR_MS;

  const $ = (id) => document.getElementById(id);

  const state = {
    device: '',
    offset: 0, // minutes east of UTC: the offset of the device's latest reading
    earliestMs: 0,
    latestMs: 0,
    total: 0,
    chart: null,
    pageEnds: [], // exclusive upper bound of each history page shown so far, newest first
    oldestShownMs: 0,
  };

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // Counts go up to 2^63-1: integers past 2^53 are kept exact as BigInt where the browser
  // hands the reviver the number's source text.
  function parseJson(text) {
    return JSON.parse(text, (key, value, context) =>
      (typeof value === 'number' && !Number.isSafeInteger(value) && context && /^\d+$/.test(context.source))
        ? BigInt(context.source) : value);
  }

  async function api(path) {
    const headers = { Accept: 'application/json' };
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) {
      headers.Authorization = 'Bearer ' + key;
    }
    let response;
    try {
      response = await fetch(path, { headers, cache: 'no-store', credentials: 'same-origin' });
    } catch (e) {
      throw new ApiError(0, 'The service could not be reached.');
    }
    let body = null;
    try {
      body = parseJson(await response.text());
    } catch (e) {
      // Not JSON: said below.
    }
    if (!response.ok) {
      const message = (body && typeof body.error_message === 'string')
        ? body.error_message : `The service answered with status ${response.status}.`;
      throw new ApiError(response.status, message);
    }
    if (body === null || typeof body !== 'object') {
      throw new ApiError(response.status, 'The service answered with something other than JSON.');
    }
    return body;
  }

  // --- Time: instants as epoch milliseconds, shown in the device's own offset. ---

  const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:([+-])(\d{2}):?(\d{2}))?$/;

  // "2021-09-29T16:09:15+0100" (as the API writes it), or a datetime-local value with the
  // offset given: epoch milliseconds and the offset in minutes.
  function parseTime(text, offset) {
    const m = TIMESTAMP.exec(text || '');
    if (!m) {
      return null;
    }
    const minutes = (m[7] === undefined) ? offset
      : ((m[7] === '-') ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
    const date = new Date(0);
    // setUTCFullYear, not Date.UTC: the latter reads the years 0 to 99 as 1900 to 1999.
    date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    date.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6] || 0), 0);
    return { ms: date.getTime() - minutes * 60000, offset: minutes };
  }

  const pad = (n, width = 2) => String(n).padStart(width, '0');

  function offsetText(offset) {
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  // "YYYY-MM-DDTHH:MM" of the instant in the offset, as datetime-local inputs take it.
  function localMinutes(ms, offset) {
    const d = new Date(ms + offset * 60000);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T`
      + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  }

  // The instant in the create grammar (ISO-8601 with an offset), for query parameters.
  function apiTime(ms, offset) {
    const d = new Date(ms + offset * 60000);
    return `${localMinutes(ms, offset)}:${pad(d.getUTCSeconds())}${offsetText(offset)}`;
  }

  // The start of the step that holds the instant, counted in the device's offset (so days
  // begin at the device's midnight).
  function floorToStep(ms, stepMs, offset) {
    const shift = offset * 60000;
    return Math.floor((ms + shift) / stepMs) * stepMs - shift;
  }

  // A Date whose local fields read as the instant in the device's offset: uPlot labels its
  // time axis in the browser's zone, and the page speaks the device's.
  function deviceDate(seconds) {
    const shifted = new Date(seconds * 1000 + state.offset * 60000);
    return new Date(shifted.getTime() + shifted.getTimezoneOffset() * 60000);
  }

  // --- Messages and the key prompt. ---

  function showMessage(element, text) {
    element.textContent = text;
    element.hidden = !text;
  }

  function handleFailure(error, element) {
    showMessage(element, error.message);
    if (error.status === 401) {
      showKeyForm(true);
      $('api-key').focus();
    }
  }

  function showKeyForm(show) {
    $('key-form').hidden = !show;
    $('forget-key').hidden = !sessionStorage.getItem(KEY_STORAGE);
  }

  // --- The device. ---

  function devicePath(suffix) {
    return `/api/devices/${encodeURIComponent(state.device)}${suffix}`;
  }

  function resetView() {
    for (const id of ['message', 'series-message', 'history-message']) {
      showMessage($(id), '');
    }
    for (const id of ['summary', 'series', 'history']) {
      $(id).hidden = true;
    }
  }

  async function loadDevice() {
    resetView();
    if (!state.device) {
      document.body.dataset.state = 'idle';
      return;
    }
    document.body.dataset.state = 'loading';
    let summary;
    try {
      summary = await api(devicePath(''));
    } catch (error) {
      handleFailure(error, $('message'));
      document.body.dataset.state = 'error';
      return;
    }
    showSummary(summary);
    $('step').value = defaultStep();
    setWholeRange();
    await Promise.all([loadSeries(), loadFirstHistoryPage()]);
    document.body.dataset.state = 'ready';
  }

  function showSummary(summary) {
    const latest = parseTime(summary.latest_timestamp, 0);
    const earliest = parseTime(summary.earliest_timestamp, 0);
    state.offset = latest.offset;
    state.latestMs = latest.ms;
    state.earliestMs = earliest.ms;
    state.total = Number(summary.readings);
    $('summary-device').textContent = summary.device_id;
    $('summary-count').textContent = String(summary.cumulative_count);
    $('summary-readings').textContent = String(summary.readings);
    $('summary-earliest').textContent = summary.earliest_timestamp;
    $('summary-latest').textContent = summary.latest_timestamp;
    $('summary').hidden = false;
    $('offset-note').textContent = `Times in UTC${offsetText(state.offset)}, the offset of the device's latest reading.`;
  }

  // Whole range by default, in buckets an eye can read: minutes for under two hours, days past
  // sixty days, hours between.
  function defaultStep() {
    const span = state.latestMs - state.earliestMs;
    if (span < 2 * HOUR_MS) {
      return 'PT1M';
    }
    return (span > 60 * DAY_MS) ? 'P1D' : 'PT1H';
  }

  // The whole range, from the step that holds the earliest reading to the one that holds the
  // latest; where that is more buckets than a series answers, its newest MAX_BUCKETS, and the
  // note says so (a device whose clock once said 1970 spans more than 10,000 days).
  function setWholeRange() {
    const step = STEPS[$('step').value];
    const stepMs = step.seconds * 1000;
    const to = floorToStep(state.latestMs, stepMs, state.offset) + stepMs;
    let from = floorToStep(state.earliestMs, stepMs, state.offset);
    const cut = (to - from) / stepMs > MAX_BUCKETS;
    if (cut) {
      from = to - MAX_BUCKETS * stepMs;
    }
    $('from').value = localMinutes(from, state.offset);
    $('to').value = localMinutes(to, state.offset);
    const most = MAX_BUCKETS.toLocaleString('en');
    showMessage($('range-note'), cut ? `The readings span more than ${most} ${step.name}s, more than one chart `
      + `holds: the whole range shown is the newest ${most}.` : '');
  }

  // A new step keeps the range chosen, widened to whole steps of the new size.
  function alignRange() {
    const stepMs = STEPS[$('step').value].seconds * 1000;
    const from = parseTime($('from').value, state.offset);
    const to = parseTime($('to').value, state.offset);
    if (!from || !to) {
      setWholeRange();
      return;
    }
    const end = floorToStep(to.ms, stepMs, state.offset);
    $('from').value = localMinutes(floorToStep(from.ms, stepMs, state.offset), state.offset);
    $('to').value = localMinutes((end < to.ms) ? end + stepMs : end, state.offset);
  }

  // --- The series: chart and table. ---

  async function loadSeries() {
    const step = $('step').value;
    const from = parseTime($('from').value, state.offset);
    const to = parseTime($('to').value, state.offset);
    showMessage($('series-message'), '');
    $('series').hidden = false;
    if (!from || !to) {
      showMessage($('series-message'), 'Enter the start and the end of the range.');
      return;
    }
    const query = new URLSearchParams({ from: apiTime(from.ms, state.offset), to: apiTime(to.ms, state.offset),
      step });
    try {
      const series = await api(devicePath(`/series?${query}`));
      showSeries(series, step, from.ms, to.ms);
    } catch (error) {
      clearSeries();
      handleFailure(error, $('series-message'));
    }
  }

  function clearSeries() {
    $('series-table').tBodies[0].replaceChildren();
    $('series-total-count').textContent = '';
    $('series-total-readings').textContent = '';
    if (state.chart) {
      state.chart.destroy();
      state.chart = null;
    }
  }

  function showSeries(series, step, fromMs, toMs) {
    const name = STEPS[step].name;
    const rows = document.createDocumentFragment();
    const xs = [];
    const ys = [];
    let totalCount = 0n;
    let totalReadings = 0n;
    const half = STEPS[step].seconds / 2;
    for (const bucket of series.buckets) {
      const row = document.createElement('tr');
      for (const [value, numeric] of [[bucket.start, false], [bucket.cumulative_count, true],
        [bucket.readings, true]]) {
        const cell = document.createElement('td');
        cell.textContent = String(value);
        if (numeric) {
          cell.className = 'num';
        }
        row.append(cell);
      }
      rows.append(row);
      totalCount += BigInt(bucket.cumulative_count);
      totalReadings += BigInt(bucket.readings);
      // Each bar stands in the middle of its bucket.
      xs.push(parseTime(bucket.start, 0).ms / 1000 + half);
      ys.push(Number(bucket.cumulative_count));
    }
    $('series-table').tBodies[0].replaceChildren(rows);
    $('series-total-count').textContent = String(totalCount);
    $('series-total-readings').textContent = String(totalReadings);
    $('series-caption').textContent = `Counts per ${name}, ${series.buckets.length} `
      + `${series.buckets.length === 1 ? 'bucket' : 'buckets'}`;
    drawChart(xs, ys, name, fromMs / 1000, toMs / 1000);
  }

  function chartSize() {
    const width = Math.max(240, $('chart').clientWidth);
    return { width, height: Math.round(Math.min(320, Math.max(180, width * 0.4))) };
  }

  function yAxisSize(u, values) {
    const longest = values ? Math.max(0, ...values.map((value) => String(value).length)) : 0;
    return Math.max(40, longest * 8 + 18);
  }

  function drawChart(xs, ys, name, fromSeconds, toSeconds) {
    const element = $('chart');
    if (state.chart) {
      state.chart.destroy();
      state.chart = null;
    }
    if (typeof uPlot === 'undefined') {
      // The table holds the same figures.
      return;
    }
    const axisStyle = { stroke: '#57606a', grid: { stroke: '#eaeef2' }, ticks: { stroke: '#d0d7de' } };
    state.chart = new uPlot({
      ...chartSize(),
      tzDate: deviceDate,
      scales: { x: { time: true, range: () => [fromSeconds, toSeconds] } },
      series: [{}, {
        label: `Count per ${name}`,
        stroke: '#0a58ca',
        fill: 'rgba(10, 88, 202, 0.35)',
        width: 1,
        paths: uPlot.paths.bars({ size: [0.8, Infinity] }),
        points: { show: false },
      }],
      // Room for a time label under each tick, and for counts of up to 19 digits beside the axis.
      axes: [{ ...axisStyle, space: 80 }, { ...axisStyle, size: yAxisSize }],
    }, [xs, ys], element);
  }

  // --- Newest readings, page by page. ---

  // The newest `count` readings before `endMs` (exclusive), newest first. History lists
  // readings in ascending order from `from`, so this asks for a window that ends at `endMs`
  // and widens it while it holds fewer than `count` readings, narrows it while it holds more
  // than a page of the API, and once it knows a width of each kind halves the gap between
  // them. Instants are whole seconds, so a second more holds at most one reading more: the
  // gap between too few (under `count`) and too many (over the API's page) is thousands of
  // seconds, and halving it ends. (Widening and narrowing by four alone went back and forth
  // for ever where a window of four times the width jumped from under 20 readings to over
  // 10,000.)
  async function newestBefore(endMs, count) {
    const spacing = (state.total > 1) ? (state.latestMs - state.earliestMs) / (state.total - 1) : 1000;
    let width = Math.max(60000, spacing * count * 2);
    let tooNarrow = 0; // widest width seen with fewer than `count` readings
    let tooWide = Infinity; // narrowest width seen with more than a page of the API
    for (;;) {
      const fromMs = Math.max(state.earliestMs, endMs - width);
      const query = new URLSearchParams({ from: apiTime(fromMs, 0), to: apiTime(endMs, 0),
        limit: String(HISTORY_LIMIT) });
      const page = await api(devicePath(`/readings?${query}`));
      if (page.next !== null && page.next !== undefined) {
        tooWide = width;
      } else if (page.readings.length >= count || fromMs <= state.earliestMs) {
        return page.readings.slice(-count).reverse();
      } else {
        tooNarrow = width;
      }
      if (tooWide === Infinity) {
        width *= 4;
      } else if (tooNarrow === 0) {
        width = Math.max(1000, Math.floor(width / 4));
      } else {
        width = tooNarrow + Math.floor((tooWide - tooNarrow) / 2);
      }
    }
  }

  async function loadFirstHistoryPage() {
    // Instants are whole seconds: one second past the latest takes it in.
    state.pageEnds = [state.latestMs + 1000];
    await loadHistoryPage();
  }

  async function loadHistoryPage() {
    const end = state.pageEnds[state.pageEnds.length - 1];
    showMessage($('history-message'), '');
    $('history').hidden = false;
    let readings;
    try {
      readings = await newestBefore(end, PAGE_SIZE);
    } catch (error) {
      $('history-table').tBodies[0].replaceChildren();
      $('older').disabled = true;
      $('newer').disabled = true;
      handleFailure(error, $('history-message'));
      return;
    }
    const rows = document.createDocumentFragment();
    for (const reading of readings) {
      const row = document.createElement('tr');
      const time = document.createElement('td');
      time.textContent = reading.timestamp;
      const count = document.createElement('td');
      count.className = 'num';
      // Readings restored from an old snapshot carry no count of their own.
      count.textContent = (reading.count === null) ? 'not recorded' : String(reading.count);
      row.append(time, count);
      rows.append(row);
    }
    $('history-table').tBodies[0].replaceChildren(rows);
    const first = (state.pageEnds.length - 1) * PAGE_SIZE + 1;
    $('history-caption').textContent = readings.length === 0 ? 'No readings'
      : `Readings ${first} to ${first + readings.length - 1} of ${state.total}, newest first`;
    state.oldestShownMs = readings.length ? parseTime(readings[readings.length - 1].timestamp, 0).ms : end;
    // The device's earliest reading is older than the oldest shown: there is another page.
    $('older').disabled = !(state.oldestShownMs > state.earliestMs);
    $('newer').disabled = state.pageEnds.length < 2;
  }

  async function turnPage(older) {
    if (older) {
      state.pageEnds.push(state.oldestShownMs);
    } else if (state.pageEnds.length > 1) {
      state.pageEnds.pop();
    }
    document.body.dataset.state = 'loading';
    await loadHistoryPage();
    document.body.dataset.state = 'ready';
    // Keep the keyboard where it was, or on the other button once this one is disabled.
    const button = older ? $('older') : $('newer');
    (button.disabled ? (older ? $('newer') : $('older')) : button).focus();
  }

  // --- Wiring. ---

  async function redrawSeries(event) {
    event.preventDefault();
    document.body.dataset.state = 'loading';
    await loadSeries();
    document.body.dataset.state = 'ready';
  }

  function start() {
    state.device = (new URLSearchParams(window.location.search).get('device') || '').trim();
    $('device').value = state.device;
    showKeyForm(Boolean(sessionStorage.getItem(KEY_STORAGE)));

    $('device-form').addEventListener('submit', () => {
      $('device').value = $('device').value.trim();
    });
    $('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) {
        return;
      }
      sessionStorage.setItem(KEY_STORAGE, key);
      $('api-key').value = '';
      showKeyForm(true);
      loadDevice();
    });
    $('forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY_STORAGE);
      showKeyForm(true);
      $('api-key').focus();
    });
    $('series-form').addEventListener('submit', redrawSeries);
    $('step').addEventListener('change', (event) => {
      alignRange();
      redrawSeries(event);
    });
    $('whole-range').addEventListener('click', (event) => {
      setWholeRange();
      redrawSeries(event);
    });
    $('older').addEventListener('click', () => turnPage(true));
    $('newer').addEventListener('click', () => turnPage(false));
    window.addEventListener('resize', () => {
      if (state.chart) {
        state.chart.setSize(chartSize());
      }
    });

    if (!state.device) {
      $('device').focus();
    }
    loadDevice();
  }

  start();
})();
