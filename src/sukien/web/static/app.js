// sukien web UI: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Entity tooltips built from data-* attributes with textContent only (never innerHTML).
  var tip = null;

  function row(text, cls) {
    var el = document.createElement(cls === "b" ? "b" : "div");
    if (cls && cls !== "b") el.className = cls;
    el.textContent = text;
    return el;
  }

  function show(target) {
    var d = target.dataset;
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "tip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = "";
    var type = row(d.type || "", "tip-type");
    type.classList.add("ent-" + (d.type || ""));
    tip.appendChild(type);
    tip.appendChild(row(d.name || "", "b"));
    var en = document.documentElement.lang === "en";
    if (d.latin && d.latin !== d.name) tip.appendChild(row(d.latin, "tip-row"));
    var roles = en ? [d.roleEn, d.role] : [d.role, d.roleEn];
    roles.forEach(function (r) { if (r) tip.appendChild(row(r, "tip-row")); });
    if (d.country) tip.appendChild(row(d.country, "tip-row"));
    if (target.title) { target.dataset.savedTitle = target.title; target.removeAttribute("title"); }
    var box = target.getBoundingClientRect();
    tip.hidden = false;
    var left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function hide(target) {
    if (tip) tip.hidden = true;
    if (target && target.dataset.savedTitle) {
      target.title = target.dataset.savedTitle;
      delete target.dataset.savedTitle;
    }
  }

  function entityOf(node) {
    return node && node.closest ? node.closest("a.ent[data-type]") : null;
  }

  document.addEventListener("mouseover", function (e) { var t = entityOf(e.target); if (t) show(t); });
  document.addEventListener("mouseout", function (e) { var t = entityOf(e.target); if (t) hide(t); });
  document.addEventListener("focusin", function (e) { var t = entityOf(e.target); if (t) show(t); });
  document.addEventListener("focusout", function (e) { var t = entityOf(e.target); if (t) hide(t); });

  // Timeline brush: drag across the bars to zoom to that date range (the from/to fields and
  // the bars' own links do the same without a mouse or without this script).
  var chart = document.querySelector("svg.timeline-chart");
  if (chart) {
    var NS = "http://www.w3.org/2000/svg";
    var startX = null, brush = null, dragged = false;
    var svgX = function (e) {
      var pt = chart.createSVGPoint();
      pt.x = e.clientX; pt.y = e.clientY;
      return pt.matrixTransform(chart.getScreenCTM().inverse()).x;
    };
    var draw = function (x) {
      brush.setAttribute("x", Math.min(startX, x));
      brush.setAttribute("width", Math.abs(x - startX));
    };
    chart.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      startX = svgX(e); dragged = false;
      brush = document.createElementNS(NS, "rect");
      brush.setAttribute("class", "brush");
      brush.setAttribute("y", 0);
      brush.setAttribute("height", chart.viewBox.baseVal.height);
      chart.appendChild(brush);
      draw(startX);
    });
    chart.addEventListener("pointermove", function (e) {
      if (startX === null) return;
      var x = svgX(e);
      if (Math.abs(x - startX) > 4) dragged = true;
      draw(x);
    });
    var finish = function (e) {
      if (startX === null) return;
      var x = svgX(e), lo = Math.min(startX, x), hi = Math.max(startX, x);
      startX = null;
      if (brush) { brush.remove(); brush = null; }
      if (!dragged) return;
      var from = null, to = null;
      chart.querySelectorAll("[data-start]").forEach(function (bar) {
        var box = bar.querySelector(".hitbox");
        var bx = parseFloat(box.getAttribute("x")), bw = parseFloat(box.getAttribute("width"));
        if (bx + bw >= lo && bx <= hi) {
          if (from === null) from = bar.dataset.start;
          to = bar.dataset.end;
        }
      });
      if (from === null) return;
      var url = new URL(window.location.href);
      url.searchParams.set("from", from);
      url.searchParams.set("to", to);
      url.searchParams.delete("page");
      url.searchParams.delete("period");
      window.location.assign(url.pathname + url.search);
    };
    chart.addEventListener("pointerup", finish);
    chart.addEventListener("pointerleave", function (e) { if (startX !== null) finish(e); });
    chart.addEventListener("click", function (e) { if (dragged) { e.preventDefault(); dragged = false; } }, true);
  }

  // Filter selects submit their form at once (the submit button still works without JS).
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.tagName === "SELECT" && el.form && el.form.classList.contains("filters")) el.form.submit();
  });
})();
