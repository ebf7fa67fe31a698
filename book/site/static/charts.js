// Draw every chart on the page from its Vega-Lite spec (written by book/render/figures.py as
// <script type="application/json" class="book-chart-spec">). Loaded with defer after the vega
// bundle, so the page paints first and nothing is fetched from another site.
(function () {
  "use strict";
  // vega-embed's export menu is a <summary> holding only an icon: give it a name screen readers announce.
  function nameMenus(root) {
    root.querySelectorAll(".vega-embed > details > summary:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG");
    });
  }
  document.querySelectorAll("script.book-chart-spec").forEach(function (script) {
    var target = document.getElementById(script.getAttribute("data-target"));
    var chart = JSON.parse(script.textContent);
    window.vegaEmbed(target, chart.spec, chart.options)
      .then(function () { nameMenus(target); })
      .catch(function (err) {
        target.textContent = "This chart could not be drawn (" + err.message + "); its data are in the table below.";
        console.error(err);
      });
  });
})();
