// Interactive charts, on request. Every chart is already on the page as an SVG with its table; this
// adds a button under each one that loads Vega (theme/js/vega.js, written by the build from vl-convert)
// and redraws the same chart from its published Vega-Lite file, with tooltips. Nothing is fetched
// until a reader asks, and if anything fails the static chart stays as it was.
(function () {
  "use strict";
  var bundle = new URL("vega.js", document.currentScript.src).href;
  var loading = null;
  var MARKS = "path[aria-roledescription='bar'], path[aria-roledescription='point']";

  function loadVega() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundle;
        script.onload = function () {
          if (window.vegaEmbed) resolve(window.vegaEmbed);
          else reject(new Error("vega.js loaded without vegaEmbed"));
        };
        script.onerror = function () {
          loading = null; // let a later click try again
          script.remove();
          reject(new Error("could not load " + bundle));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function fetchSpec(address) {
    return fetch(address).then(function (response) {
      if (!response.ok) throw new Error(address + ": " + response.status);
      return response.json();
    });
  }

  // The redrawn SVG is named and described as the static one was; its marks stay inside the image.
  function keepAccessibleName(from, to) {
    ["role", "focusable", "aria-labelledby", "aria-describedby"].forEach(function (name) {
      if (from.hasAttribute(name)) to.setAttribute(name, from.getAttribute(name));
    });
    to.removeAttribute("aria-label");
    to.removeAttribute("aria-roledescription");
  }

  // Vega-Tooltip places its box beside the pointer, even past the screen's edge on a phone. It reuses an
  // element with its id if there is one: this one is kept inside the screen whenever Vega moves it.
  function prepareTooltip() {
    if (document.getElementById("vg-tooltip-element")) return;
    var tooltip = document.createElement("div");
    tooltip.id = "vg-tooltip-element";
    tooltip.className = "vg-tooltip";
    document.body.appendChild(tooltip);
    new MutationObserver(function () {
      var margin = 8;
      var box = tooltip.getBoundingClientRect();
      var left = Math.max(margin, Math.min(box.left, window.innerWidth - box.width - margin));
      if (Math.abs(left - box.left) > 0.5) tooltip.style.left = left + "px";
    }).observe(tooltip, { attributes: true, attributeFilter: ["style"] });
  }

  // The keyboard's way to the tooltips: the chart takes focus, arrow keys step from mark to mark, showing
  // each one's tooltip as a pointer would, and the status line reads its figures to screen readers.
  function keyboardTooltips(chart, svg, status) {
    var marks = Array.prototype.slice.call(svg.querySelectorAll(MARKS));
    var current = -1;
    var steps = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    function hide() {
      // Only a tooltip the keys showed: leaving this chart by tapping another must not hide that one's.
      var mark = marks[current];
      if (!mark || !mark.classList.contains("chart-mark-selected")) return;
      mark.classList.remove("chart-mark-selected");
      document.getElementById("vg-tooltip-element").classList.remove("visible");
    }
    function show(index) {
      hide();
      current = index;
      var mark = marks[index];
      var box = mark.getBoundingClientRect();
      mark.classList.add("chart-mark-selected");
      mark.dispatchEvent(
        new PointerEvent("pointermove", {
          bubbles: true,
          clientX: box.left + box.width / 2,
          clientY: box.top + box.height / 2,
        })
      );
      var rows = document.querySelectorAll("#vg-tooltip-element tr");
      status.textContent = Array.prototype.map
        .call(rows, function (row) {
          return Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; }).join(": ");
        })
        .join(", ");
    }
    chart.tabIndex = 0;
    chart.setAttribute("role", "group");
    chart.setAttribute("aria-label", "Interactive chart: the arrow keys step through its figures");
    chart.addEventListener("keydown", function (event) {
      var next;
      if (event.key in steps) next = current < 0 ? 0 : current + steps[event.key];
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = marks.length - 1;
      else if (event.key === "Escape") return hide();
      else return;
      event.preventDefault(); // arrow keys would scroll the page
      if (marks.length) show(Math.max(0, Math.min(marks.length - 1, next)));
    });
    chart.addEventListener("blur", hide);
  }

  function makeInteractive(figure, button, status) {
    var chart = figure.querySelector(".chart");
    var staticSvg = chart.querySelector("svg");
    var drawing = document.createElement("div");
    button.disabled = true;
    prepareTooltip();
    status.textContent = "Loading the interactive chart…";
    Promise.all([loadVega(), fetchSpec(figure.dataset.spec)])
      .then(function (loaded) {
        // ast + the interpreter bundled with Vega-Embed: expressions run without eval, so the
        // site's Content-Security-Policy (default-src 'self') holds.
        return loaded[0](drawing, loaded[1], {
          actions: false,
          renderer: "svg",
          defaultStyle: false,
          ast: true,
          tooltip: { disableDefaultStyle: true },
        });
      })
      .then(function () {
        var svg = drawing.querySelector("svg");
        keepAccessibleName(staticSvg, svg);
        // Vega shows a tooltip on pointermove, which a tap on a touch screen never sends: pass taps on.
        svg.addEventListener("pointerup", function (event) {
          if (event.pointerType !== "mouse") event.target.dispatchEvent(new PointerEvent("pointermove", event));
        });
        chart.replaceChildren(svg);
        chart.classList.add("chart-interactive");
        keyboardTooltips(chart, svg, status);
        button.remove();
        chart.focus(); // the button has gone: keep the reader's place
        status.textContent =
          "Interactive chart: point at or tap a bar or dot, or use the arrow keys, to see its figures. " +
          "Escape hides them.";
      })
      .catch(function (error) {
        button.disabled = false;
        status.textContent =
          "The interactive chart could not be loaded. The chart and the table of its figures are unchanged.";
        console.warn(error);
      });
  }

  document.querySelectorAll("figure[data-spec]").forEach(function (figure) {
    var chart = figure.querySelector(".chart");
    var title = figure.querySelector(".figure-title");
    var controls = document.createElement("div");
    var button = document.createElement("button");
    var status = document.createElement("p");
    controls.className = "chart-controls";
    button.type = "button";
    button.className = "chart-explore";
    button.textContent = "Make this chart interactive";
    // The figure's title tells one chart's button from another's for screen reader users.
    if (title && title.id) button.setAttribute("aria-describedby", title.id);
    status.className = "chart-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      makeInteractive(figure, button, status);
    });
    controls.append(button, status);
    chart.after(controls);
  });

  // Tooltips appear on hover; Escape hides them (WCAG 1.4.13, content on hover is dismissible).
  document.addEventListener("keydown", function (event) {
    var tooltip = document.getElementById("vg-tooltip-element");
    if (event.key === "Escape" && tooltip) tooltip.classList.remove("visible");
  });
})();
