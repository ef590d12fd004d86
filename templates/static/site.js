// consult: small enhancements; every page works without them.
(function () {
  "use strict";
  // Counts code points after NFC normalization, as the server does.
  function count(s) { return Array.from(s.replace(/\r\n/g, "\n").normalize("NFC")).length; }
  // Fills a message's two %d (counts under 1,000: no separator needed).
  function fmt(t, a, b) { return t.replace("%d", a).replace("%d", b); }
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
  // How many questions are answered, in all and per article, as the page
  // was rendered: kept up to date as people type or choose.
  var form = document.getElementById("answers");
  var questions = form ? form.querySelectorAll(".question[data-article]") : [];
  function answered(q) {
    var ta = q.querySelector("textarea");
    return (ta && ta.value.trim() !== "") || q.querySelector("input[type=radio]:checked") !== null;
  }
  function progress() {
    var per = { all: [0, 0] };
    questions.forEach(function (q) {
      var a = q.getAttribute("data-article");
      var n = per[a] || (per[a] = [0, 0]);
      var yes = answered(q) ? 1 : 0;
      n[0] += yes; n[1]++;
      per.all[0] += yes; per.all[1]++;
    });
    document.querySelectorAll("[data-progress]").forEach(function (el) {
      var n = per[el.getAttribute("data-progress")];
      if (n) { el.textContent = fmt(el.getAttribute("data-template"), n[0], n[1]); }
    });
  }
  if (questions.length) {
    form.addEventListener("input", progress);
    form.addEventListener("change", progress);
  }
  // Enter on a radio button or a checkbox would press the form's first
  // enabled button, the language switch: it does nothing instead, as in
  // a one-line field (whose first button, disabled, is pressed).
  if (form) {
    var noEnter = function (ev) {
      if (ev.key === "Enter" && ev.target.matches("input[type=radio], input[type=checkbox]")) { ev.preventDefault(); }
    };
    form.addEventListener("keydown", noEnter);
    form.addEventListener("keypress", noEnter);
  }
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
  // Copies a link (a draft's private link, or an account link in a field)
  // and says so; without the clipboard, selects it for the person to copy.
  document.querySelectorAll(".js-copy").forEach(function (b) {
    var link = document.getElementById(b.getAttribute("data-copy"));
    var status = b.parentNode.querySelector(".js-copied");
    if (!link) { return; }
    b.hidden = false;
    b.addEventListener("click", function () {
      var text = link.value !== undefined ? link.value : link.href;
      function select() {
        if (link.select) { link.select(); return; }
        var r = document.createRange();
        r.selectNodeContents(link);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(r);
      }
      function done() { if (status) { status.textContent = status.getAttribute("data-done"); } }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, select);
      } else {
        select();
      }
    });
  });
  // Staff select a passage of an answer's text to make it a quote: the
  // button fills the answer's quote form with the selection (the server
  // finds it in the answer and keeps the answer's exact wording).
  var quoteButtons = document.querySelectorAll(".js-quote-selection");
  function selectionIn(b) {
    var sel = window.getSelection();
    var text = b.closest("article").querySelector(".answer-text");
    if (!sel || sel.isCollapsed || !text || !text.contains(sel.anchorNode) || !text.contains(sel.focusNode)) { return ""; }
    return sel.toString().trim();
  }
  quoteButtons.forEach(function (b) {
    b.hidden = false;
    b.addEventListener("mousedown", function (ev) { ev.preventDefault(); }); // keep the selection
    b.addEventListener("click", function () {
      var s = selectionIn(b), ta = document.getElementById(b.getAttribute("data-excerpt"));
      if (!s || !ta) { return; }
      ta.value = s;
      var tools = ta.closest("details");
      if (tools) { tools.open = true; }
      ta.focus();
    });
  });
  if (quoteButtons.length) {
    document.addEventListener("selectionchange", function () {
      quoteButtons.forEach(function (b) { b.disabled = selectionIn(b) === ""; });
    });
  }
  document.querySelectorAll(".js-print").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
