// Draws the report's charts from the JSON in #hotscope-data with the ECharts inlined above.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('hotscope-data').textContent);
  const charts = [];

  function fmt(ns) {
    const units = [[1e9, ' s'], [1e6, ' ms'], [1e3, ' us']];
    for (const [d, s] of units) {
      if (ns >= d) {
        return (ns / d).toPrecision(3) + s;
      }
    }
    return Math.round(ns) + ' ns';
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
  }

  function mount(el, option) {
    const chart = echarts.init(el, null, {renderer: 'canvas'});
    chart.setOption(option);
    el.dataset.rendered = 'true';
    charts.push(chart);
    return chart;
  }

  function empty(el, text) {
    el.style.height = 'auto';
    el.innerHTML = '<p class="empty">' + esc(text) + '</p>';
    el.dataset.rendered = 'empty';
  }

  function timeline() {
    const el = document.getElementById('timeline');
    if (data.waits.length === 0 && data.gc.length === 0) {
      empty(el, 'Nothing to draw: no waits and no GC pauses in this recording.');
      return;
    }
    el.style.height = Math.max(240, data.lanes.length * 28 + 130) + 'px';
    // Each kind has its own row within a thread's lane, so overlapping waits (a futex lock wait is
    // also a syscall and off-CPU time) stay visible; GC pauses fill their lane.
    const rows = data.kinds.length;
    function renderItem(params, api) {
      const kind = api.value(0);
      const lane = api.value(1);
      const start = api.coord([api.value(2), lane]);
      const end = api.coord([api.value(3), lane]);
      const laneHeight = api.size([0, 1])[1];
      const height = kind < 0 ? laneHeight * 0.7 : laneHeight * 0.84 / rows;
      const top = kind < 0 ? start[1] - height / 2 : start[1] - laneHeight * 0.42 + kind * height;
      const shape = echarts.graphic.clipRectByRect(
        {x: start[0], y: top, width: Math.max(end[0] - start[0], 1), height: Math.max(height - 0.5, 1)},
        {x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height});
      return shape && {type: 'rect', transition: ['shape'], shape: shape, style: api.style()};
    }
    const series = data.kinds.map((name, kind) => ({
      type: 'custom', name: name, renderItem: renderItem, itemStyle: {color: data.kindColors[kind]},
      encode: {x: [2, 3], y: 1}, data: data.waits.filter(w => w[0] === kind)
    }));
    series.push({
      type: 'custom', name: 'GC pause', renderItem: renderItem, itemStyle: {color: data.gcColor},
      encode: {x: [2, 3], y: 1}, data: data.gc.map(g => [-1, 0, g[0], g[1], g[2], g[3]]),
      markArea: {silent: true, itemStyle: {color: 'rgba(214, 39, 40, 0.10)'},
        data: data.gc.map(g => [{xAxis: g[0]}, {xAxis: g[1]}])}
    });
    mount(el, {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: p => esc(p.seriesName) + ' ' + fmt(p.value[4]) + '<br>' + esc(data.lanes[p.value[1]]) + '<br>'
          + esc(p.value[5]) + '<br>at +' + fmt((p.value[2] - data.start) * 1e6)
      },
      legend: {top: 0},
      grid: {left: 10, right: 30, top: 40, bottom: 70, containLabel: true},
      dataZoom: [{type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', bottom: 10},
        {type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter'}],
      xAxis: {type: 'time', min: data.start, max: data.end, axisLabel: {hideOverlap: true}},
      yAxis: {type: 'category', data: data.lanes, inverse: true, axisLabel: {fontSize: 11}},
      series: series
    });
  }

  function threads() {
    const el = document.getElementById('threads');
    const names = data.threads.names;
    if (names.length === 0) {
      empty(el, 'No waits of threads in this recording.');
      return;
    }
    el.style.height = Math.max(240, names.length * 60 + 90) + 'px';
    mount(el, {
      animation: false,
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, valueFormatter: fmt},
      legend: {top: 0},
      grid: {left: 10, right: 30, top: 36, bottom: 20, containLabel: true},
      xAxis: {type: 'value', axisLabel: {formatter: fmt}},
      yAxis: {type: 'category', data: names, inverse: true},
      series: data.kinds.map((name, kind) => ({
        type: 'bar', name: name, itemStyle: {color: data.kindColors[kind]}, data: data.threads.series[kind]
      }))
    });
  }

  function kernelHistograms() {
    const grid = document.getElementById('kernel-histograms');
    data.kernel.forEach((h, i) => {
      const el = document.createElement('div');
      el.className = 'mini';
      el.id = 'kernel-histogram-' + i;
      grid.appendChild(el);
      mount(el, {
        animation: false,
        title: {text: h.name, subtext: h.count + ' calls, ' + fmt(h.total) + ', p50 <= ' + fmt(h.p50 * 1e3)
          + ', p99 <= ' + fmt(h.p99 * 1e3), left: 'center', textStyle: {fontSize: 13}},
        tooltip: {trigger: 'axis'},
        grid: {left: 10, right: 10, top: 55, bottom: 10, containLabel: true},
        xAxis: {type: 'category', data: h.labels, axisLabel: {rotate: 40, fontSize: 10}},
        yAxis: {type: 'value'},
        series: [{type: 'bar', name: 'calls', data: h.counts[0], itemStyle: {color: '#3b7dd8'}}]
      });
    });
  }

  function durations() {
    const el = document.getElementById('durations');
    const d = data.durations;
    if (d.labels.length === 0) {
      empty(el, 'No events with durations in this recording.');
      return;
    }
    const colors = data.kindColors.concat([data.gcColor]);
    mount(el, {
      animation: false,
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      legend: {top: 0},
      grid: {left: 10, right: 30, top: 40, bottom: 20, containLabel: true},
      xAxis: {type: 'category', data: d.labels, axisLabel: {rotate: 30, fontSize: 11}},
      yAxis: {type: 'value', name: 'events'},
      series: d.names.map((name, i) => ({type: 'bar', name: name, data: d.counts[i], itemStyle: {color: colors[i]}}))
    });
  }

  timeline();
  threads();
  kernelHistograms();
  durations();
  window.addEventListener('resize', () => charts.forEach(c => c.resize()));
  document.body.dataset.chartsDrawn = String(charts.length);
})();
