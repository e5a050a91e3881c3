/* factcompare: progressive enhancement only. Every page reads fully without this script:
   it adds the copy-link buttons and a search box over search.json (facts and article titles), and
   makes the links between pages work when the site is opened from disk. */
(function () {
  "use strict";

  function announce(id, text) {
    var el = document.getElementById(id);
    if (el) { el.textContent = ""; window.setTimeout(function () { el.textContent = text; }, 50); }
  }

  /* --- copy link to one source's card ------------------------------------------------------ */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy refused")); }
      catch (e) { reject(e); }
      document.body.removeChild(area);
    });
  }

  function setUpCopyLinks() {
    document.querySelectorAll("button.copy-link[data-anchor]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var anchor = button.getAttribute("data-anchor");
        var url = location.href.split("#")[0] + (anchor ? "#" + anchor : "");
        copyText(url).then(function () {
          announce("copy-status", "Link copied: " + url);
          button.setAttribute("data-copied", "true");
        }, function () {
          announce("copy-status", "Could not copy; the link is " + url);
          history.replaceState(null, "", url);
        });
      });
    });
  }

  /* --- copy a fact's embed code: the iframe's address made absolute from the page's own ------- */
  function setUpCopyEmbed() {
    document.querySelectorAll("button.copy-embed[data-code]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var src = new URL(button.getAttribute("data-src"), location.href).href;
        var code = button.getAttribute("data-code").split("{src}").join(src.replace(/"/g, "&quot;"));
        copyText(code).then(function () {
          announce("copy-status", "Embed code copied");
          button.setAttribute("data-copied", "true");
        }, function () {
          announce("copy-status", "Could not copy the embed code; open the embed page and use its address");
        });
      });
    });
  }

  /* --- search --------------------------------------------------------------------------------- */
  function setUpSearch() {
    var form = document.querySelector("form.search");
    var body = document.body;
    if (!form || !window.fetch || location.protocol === "file:") { return; }
    var input = form.querySelector("input");
    var list = form.querySelector("#search-results");
    var root = body.getAttribute("data-root") || "";
    var entries = null;

    fetch(body.getAttribute("data-search")).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    }).then(function (data) {
      entries = data.entries || [];
      form.hidden = false;
    }).catch(function () { /* no index: the home page lists everything */ });

    function render(query) {
      list.textContent = "";
      var q = query.trim().toLowerCase();
      if (!q || !entries) { list.hidden = true; announce("search-status", ""); return; }
      var words = q.split(/\s+/);
      var hits = entries.filter(function (e) {
        var hay = (e.title + " " + (e.text || "") + " " + (e.status || "")).toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) !== -1; });
      }).slice(0, 20);
      hits.forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + e.url;
        a.textContent = e.title;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = (e.type === "fact" ? "Fact · " + e.status : "Source") + (e.text ? " · " + e.text : "");
        li.appendChild(a);
        li.appendChild(kind);
        list.appendChild(li);
      });
      list.hidden = hits.length === 0;
      announce("search-status", hits.length + (hits.length === 1 ? " result" : " results"));
    }

    input.addEventListener("input", function () { render(input.value); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { input.value = ""; render(""); }
    });
  }

  /* --- opened from disk (file:) ---------------------------------------------------------------- */
  // Pages live at folder addresses (facts/<id>/): a web server answers a folder with its index.html,
  // a browser reading the files from disk shows the folder's listing. On file: pages only, a link of
  // this site to a folder is pointed at the folder's index.html (its #fragment kept) as soon as the
  // pointer or the focus reaches it, and at the latest when it is followed; one listener on the
  // document does it, so links added later (search results) are covered too.
  var SCHEME = /^[a-z][a-z0-9+.-]*:/i;

  function toIndexFile(a) {
    var raw = a.getAttribute("href");
    if (raw === null || raw === "" || raw.charAt(0) === "#" || raw.charAt(0) === "/" || SCHEME.test(raw)) {
      return;  // same page, root-absolute or another site: left alone
    }
    var m = /^([^?#]*)([?#].*)?$/.exec(raw);
    if (/(^|\/)\.{0,2}$/.test(m[1])) {  // "facts/x/", "./", "../", "..": a folder
      var path = m[1] === "" || /\/$/.test(m[1]) ? m[1] : m[1] + "/";
      a.setAttribute("href", path + "index.html" + (m[2] || ""));
    }
  }

  function setUpDiskLinks() {
    if (location.protocol !== "file:") { return; }
    ["mouseover", "focusin", "touchstart", "click", "auxclick", "contextmenu", "dragstart"].forEach(function (type) {
      document.addEventListener(type, function (ev) {
        var a = ev.target && ev.target.closest && ev.target.closest("a[href]");
        if (a) { toIndexFile(a); }
      }, {capture: true, passive: true});
    });
  }

  // A link to a source card folded inside "N more sources" opens the fold, so the card is seen.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    var opened = false;
    for (var d = el && el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      if (!d.open) { d.open = true; opened = true; }
    }
    if (opened) { el.scrollIntoView(); }
  }

  function start() {
    setUpDiskLinks(); setUpCopyLinks(); setUpCopyEmbed(); setUpSearch();
    window.addEventListener("hashchange", openTarget);
    if (location.hash) { openTarget(); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
