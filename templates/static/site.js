// consult: small enhancements; every page works without them.
(function () {
  "use strict";
  // Counts code points after NFC normalization, as the server does.
  function count(s) { return Array.from(s.replace(/\r\n/g, "\n").normalize("NFC")).length; }
  // Writes n with the page's thousands separator: "5,000", "5 000".
  function int(n, sep) {
    var s = String(n), out = "";
    while (s.length > 3) { out = sep + s.slice(-3) + out; s = s.slice(0, -3); }
    return s + out;
  }
  // The server writes the messages, the maximum, the separator and the
  // counts that take the singular in the page's language (data-*).
  // (data-template-one, not data-one: html/template would escape an
  // attribute named data-on… as a script.)
  document.querySelectorAll(".counter[data-for]").forEach(function (el) {
    var ta = document.getElementById(el.getAttribute("data-for"));
    if (!ta) { return; }
    var max = parseInt(el.getAttribute("data-max"), 10);
    var sep = el.getAttribute("data-sep") || "";
    var singular = (el.getAttribute("data-singular") || "").split(" ");
    function say(n, one, other) {
      var s = int(n, sep);
      return el.getAttribute(singular.indexOf(s) >= 0 ? one : other).replace("%s", s);
    }
    function update() {
      var n = count(ta.value);
      if (n > max) {
        el.textContent = say(n - max, "data-over-one", "data-over");
        el.classList.add("counter-over");
      } else {
        el.textContent = say(n, "data-template-one", "data-template");
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
