// consult: small enhancements; every page works without them.
(function () {
  "use strict";
  // Counts code points after NFC normalization, as the server does.
  function count(s) { return Array.from(s.replace(/\r\n/g, "\n").normalize("NFC")).length; }
  function fmt(t, a, b) { return t.replace("%d", a).replace("%d", b); }
  document.querySelectorAll(".counter[data-for]").forEach(function (el) {
    var ta = document.getElementById(el.getAttribute("data-for"));
    if (!ta) { return; }
    var max = parseInt(el.getAttribute("data-max"), 10);
    function update() {
      var n = count(ta.value);
      if (n > max) {
        el.textContent = fmt(el.getAttribute("data-over"), n - max);
        el.classList.add("counter-over");
      } else {
        el.textContent = fmt(el.getAttribute("data-template"), n, max);
        el.classList.remove("counter-over");
      }
    }
    ta.addEventListener("input", update);
    update();
  });
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // A link to a field focuses it with its label or legend in view (the
    // browser alone would scroll the label out of sight above the field).
    summary.addEventListener("click", function (ev) {
      var a = ev.target.closest("a[href^='#']");
      var el = a && document.getElementById(a.getAttribute("href").slice(1));
      if (!el || !el.matches("input, select, textarea")) { return; }
      var fs = el.closest("fieldset");
      var label = (el.type === "radio" && fs && fs.querySelector("legend")) || (el.labels && el.labels[0]) || el;
      ev.preventDefault();
      label.scrollIntoView();
      el.focus({ preventScroll: true });
    });
  }
  // A button that copies the value of the field it names (data-copy) and
  // says so in its live region.
  document.querySelectorAll("button[data-copy]").forEach(function (b) {
    var field = document.getElementById(b.getAttribute("data-copy"));
    var status = document.getElementById(b.getAttribute("data-copy") + "-copied");
    if (!field || !navigator.clipboard) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = b.getAttribute("data-copied");
      });
    });
  });
  document.querySelectorAll(".js-print").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
