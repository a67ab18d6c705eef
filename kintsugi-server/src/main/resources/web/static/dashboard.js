// Kintsugi dashboard behaviour. Loaded from this server only (CSP script-src 'self'); no inline code.
// It never turns server text into markup: highlight.js reads textContent, copy buttons copy text.
(function () {
  "use strict";

  function highlight(root) {
    if (!window.hljs) return;
    root.querySelectorAll("pre code[class*='language-']:not([data-highlighted])").forEach(function (el) {
      window.hljs.highlightElement(el);
    });
  }

  function copyButtons(root) {
    root.querySelectorAll("button[data-copy]:not([data-copy-ready])").forEach(function (button) {
      button.setAttribute("data-copy-ready", "");
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (!source || !navigator.clipboard) return;
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var label = button.textContent;
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  // Charts: <canvas data-chart='{"type": ..., "data": ...}'>; the JSON sits in an attribute
  // (escaped by the template) and is parsed as data, never evaluated.
  var charts = new WeakMap();
  function drawCharts(root) {
    if (!window.Chart) return;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec;
      try { spec = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
      var old = charts.get(canvas);
      if (old) old.destroy();
      spec.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, spec.options || {});
      charts.set(canvas, new window.Chart(canvas, spec));
    });
  }

  function enhance(root) {
    highlight(root);
    copyButtons(root);
    drawCharts(root);
  }

  // An action refused (403, 409...) says why in its result region when that region asks for it
  // (data-show-errors); the answer is plain text and is shown as text, never parsed as markup.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target;
    if (e.detail.xhr.status >= 400 && target && target.hasAttribute("data-show-errors")) {
      e.detail.shouldSwap = false;
      target.textContent = e.detail.xhr.responseText || ("Refused (" + e.detail.xhr.status + ").");
      target.classList.add("refused");
    } else if (target && target.hasAttribute("data-show-errors")) {
      target.classList.remove("refused");
    }
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (e) { enhance(e.target); });
})();
