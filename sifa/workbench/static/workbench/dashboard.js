/* Draws the dashboard from the JSON the page carries; a click opens the records behind a point.

Charts do not animate when the reader asked the system for reduced motion (the browser tests
emulate that too, so a point is where ECharts says it is). Each chart's container gets
data-drawn="1" once it is set up and data-ready="1" once ECharts reports its first complete
render (the "finished" event: every animation over), so a test can wait for it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var charts = [];
  var reducedMotion = !!(window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  function open(params) {
    if (params.data && params.data.url) { window.location.href = params.data.url; }
  }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el);
    chart.on("click", open);
    chart.on("finished", function () { el.dataset.ready = "1"; });
    option.animation = !reducedMotion;
    chart.setOption(option);
    el.dataset.drawn = "1";
    charts.push(chart);
  }

  draw("chart-trend", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.trend.months },
    yAxis: { type: "value", minInterval: 1 },
    series: data.trend.series.map(function (s) {
      return { name: s.name, type: "line", smooth: true, data: s.data };
    })
  });

  draw("chart-townships", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.townships.townships },
    yAxis: { type: "value", minInterval: 1 },
    series: data.townships.series.map(function (s) {
      return { name: s.name, type: "bar", data: s.data };
    })
  });

  data.statuses.forEach(function (s, i) {
    draw("chart-status-" + i, {
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: s.data }]
    });
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });

  // Choosing a year reloads the page for it (no inline handler: the CSP allows no inline code).
  var year = document.getElementById("year");
  if (year && year.form) {
    year.addEventListener("change", function () { year.form.submit(); });
  }
})();
