/* Stacked status counts across a year's district-wide runs (ECharts, vendored). */
(function () {
  var data = JSON.parse(document.getElementById("trend-data").textContent);
  var colors = {
    met: "#2f9e44", partly_met: "#f59f00", not_met: "#e03131", pending_review: "#1c7ed6",
    not_yet_due: "#91a7ff", no_data: "#adb5bd", not_applicable: "#dee2e6"
  };
  var chart = echarts.init(document.getElementById("trend-chart"));
  chart.setOption({
    // richText: the tooltip is drawn on the canvas, not as HTML with style="…" (CSP).
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 40 },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", name: "结果数" },
    series: data.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "all", data: s.data, itemStyle: { color: colors[s.status] } };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
