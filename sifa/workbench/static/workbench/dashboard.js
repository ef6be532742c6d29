/* Draws the dashboard from the JSON the page carries; a click opens the records behind a point. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var charts = [];

  function open(params) {
    if (params.data && params.data.url) { window.location.href = params.data.url; }
  }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el);
    chart.setOption(option);
    chart.on("click", open);
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
})();
