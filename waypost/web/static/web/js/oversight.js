// Oversight: the world map of travellers abroad (chartjs-chart-geo over world-atlas, offline) and
// the report charts. Data come from json_script elements; the page shows every figure in tables
// too, so nothing is lost without this script. Each chart is kept in window.waypostCharts (for
// the browser tests and for debugging).
(function () {
  "use strict";

  window.waypostCharts = window.waypostCharts || {};

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#6c757d", "#adb5bd"];

  function drawMap(canvas) {
    var rows = readJson("abroad-map-data") || [];
    var byId = {};
    rows.forEach(function (row) {
      if (row.id) byId[String(row.id).padStart(3, "0")] = row.value;
    });
    fetch(canvas.dataset.atlas, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (atlas) {
        var geo = window.ChartGeo;
        window.Chart.register(geo.ChoroplethController, geo.GeoFeature, geo.ColorScale, geo.ProjectionScale);
        var countries = geo.topojson.feature(atlas, atlas.objects.countries).features;
        var chart = new window.Chart(canvas.getContext("2d"), {
          type: "choropleth",
          data: {
            labels: countries.map(function (country) { return country.properties.name; }),
            datasets: [{
              label: canvas.dataset.label || "",
              outline: countries,
              data: countries.map(function (country) {
                return { feature: country, value: byId[String(country.id).padStart(3, "0")] || 0 };
              }),
            }],
          },
          options: {
            animation: false,
            maintainAspectRatio: false,
            showOutline: true,
            showGraticule: false,
            plugins: { legend: { display: false } },
            scales: {
              projection: { axis: "x", projection: "equalEarth" },
              color: {
                axis: "x",
                interpolate: "reds",
                ticks: { precision: 0 },
                legend: { position: "bottom-left", align: "right" },
              },
            },
          },
        });
        window.waypostCharts["abroad-map"] = chart;
        canvas.dataset.rendered = "true";
      })
      .catch(function (error) {
        canvas.dataset.rendered = "error";
        if (window.console) window.console.error(error);
      });
  }

  function drawReport(canvas, config) {
    var datasets = (config.datasets || []).map(function (dataset, index) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: PALETTE[index % PALETTE.length],
      };
    });
    var horizontal = Boolean(config.horizontal);
    // Counts are whole numbers; rates (with a max of 100) are not.
    var valueScale = { beginAtZero: true, stacked: Boolean(config.stacked), ticks: { precision: 0 } };
    if (config.max) {
      valueScale.max = config.max;
      valueScale.ticks = {};
    }
    var categoryScale = { stacked: Boolean(config.stacked) };
    var chart = new window.Chart(canvas.getContext("2d"), {
      type: config.type || "bar",
      data: { labels: config.labels || [], datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? { x: valueScale, y: categoryScale } : { x: categoryScale, y: valueScale },
        plugins: { legend: { position: "bottom" } },
      },
    });
    window.waypostCharts[canvas.dataset.reportChart] = chart;
    canvas.dataset.rendered = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) return;
    var map = document.getElementById("abroad-map");
    if (map && window.ChartGeo) drawMap(map);
    var charts = readJson("report-charts");
    if (charts) {
      document.querySelectorAll("canvas[data-report-chart]").forEach(function (canvas) {
        var config = charts[canvas.dataset.reportChart];
        if (config) drawReport(canvas, config);
      });
    }
  });
})();
