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

  // Filter selects submit their form at once (the submit button still works without JS).
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.tagName === "SELECT" && el.form && el.form.classList.contains("filters")) el.form.submit();
  });
})();
