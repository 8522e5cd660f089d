"use strict";
// The little JavaScript of the explorer: theme toggle, toasts, auto-submitting selects, copy buttons, Ctrl+S,
// Esc for menus, and a banner when an htmx request fails. Loaded in <head> without defer so the theme
// is applied before the first paint; everything touching the page waits for DOMContentLoaded.

(function () {
  var THEME_KEY = "explorer-theme";
  var THEMES = ["auto", "light", "dark"];
  var THEME_NAMES = { auto: "follows the system", light: "light", dark: "dark" };
  var TOAST_SECONDS = 8;
  var root = document.documentElement;

  root.classList.add("js");

  function storedTheme() {
    try {
      var value = window.localStorage.getItem(THEME_KEY);
      return THEMES.indexOf(value) >= 0 ? value : "auto";
    } catch (error) {
      return "auto"; // storage may be blocked; the system preference still applies
    }
  }

  function applyTheme(theme) {
    if (theme === "auto") {
      root.removeAttribute("data-theme");
    } else {
      root.setAttribute("data-theme", theme);
    }
  }

  applyTheme(storedTheme());

  function labelThemeToggle(button, theme) {
    button.setAttribute("aria-label", "Colour theme: " + THEME_NAMES[theme] + ". Change theme");
    var label = button.querySelector(".theme-label");
    if (label) {
      label.textContent = theme.charAt(0).toUpperCase() + theme.slice(1);
    }
  }

  function setUpThemeToggle() {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) {
      return;
    }
    labelThemeToggle(button, storedTheme());
    button.addEventListener("click", function () {
      var next = THEMES[(THEMES.indexOf(storedTheme()) + 1) % THEMES.length];
      try {
        window.localStorage.setItem(THEME_KEY, next);
      } catch (error) {
        // not remembered, but still applied for this page
      }
      applyTheme(next);
      labelThemeToggle(button, next);
    });
  }

  function scheduleDismiss(toast) {
    if (toast.dataset.scheduled || toast.classList.contains("toast-error")) {
      return; // errors stay until dismissed: they may need reading twice
    }
    toast.dataset.scheduled = "1";
    window.setTimeout(function () { toast.remove(); }, TOAST_SECONDS * 1000);
  }

  function setUpToasts() {
    var region = document.getElementById("toasts");
    if (!region) {
      return;
    }
    region.querySelectorAll(".toast").forEach(scheduleDismiss);
    new MutationObserver(function () {
      region.querySelectorAll(".toast").forEach(scheduleDismiss);
    }).observe(region, { childList: true });
    region.addEventListener("click", function (event) {
      var close = event.target.closest(".toast-close");
      if (close) {
        close.closest(".toast").remove();
      }
    });
  }

  function showBanner(text) {
    var region = document.getElementById("toasts");
    if (!region) {
      return;
    }
    var existing = region.querySelector(".banner");
    if (existing) {
      existing.remove();
    }
    var toast = document.createElement("div");
    toast.className = "toast toast-error banner";
    toast.setAttribute("role", "alert");
    var message = document.createElement("span");
    message.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss message");
    close.textContent = "×";
    toast.appendChild(message);
    toast.appendChild(close);
    region.appendChild(toast);
  }

  function setUpHtmxErrors() {
    document.body.addEventListener("htmx:responseError", function (event) {
      var status = event.detail.xhr ? event.detail.xhr.status : 0;
      if (status === 403) {
        showBanner("The server refused this action (403). Your session may have expired: reload the page.");
      } else if (status === 404) {
        showBanner("Not found (404): it may have been deleted, or it is not yours. Reload the page.");
      } else if (status === 429) {
        showBanner("Too many requests (429). Wait a moment and try again.");
      } else {
        showBanner("The server answered with an error (" + status + "). Try again; if it persists, reload the page.");
      }
    });
    document.body.addEventListener("htmx:sendError", function () {
      showBanner("The server could not be reached. Check your connection and try again.");
    });
  }

  function setUpAutosubmit() {
    document.addEventListener("change", function (event) {
      var form = event.target.closest("form[data-autosubmit]");
      if (form && event.target.tagName === "SELECT") {
        form.requestSubmit();
      }
    });
  }

  function setUpCopyButtons() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-copy]");
      if (!button) {
        return;
      }
      var source = document.querySelector(button.getAttribute("data-copy"));
      if (!source) {
        return;
      }
      var text = "value" in source ? source.value : source.textContent;
      var done = function () { button.textContent = "Copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
        return;
      }
      // The Clipboard API needs HTTPS; plain-HTTP development servers copy through a selection.
      if ("select" in source) {
        source.select();
      } else {
        var range = document.createRange();
        range.selectNodeContents(source);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
      if (document.execCommand("copy")) {
        done();
      }
    });
  }

  function setUpMenus() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      document.querySelectorAll("details.menu[open]").forEach(function (menu) {
        menu.removeAttribute("open");
        menu.querySelector("summary").focus();
      });
    });
    document.addEventListener("click", function (event) {
      document.querySelectorAll("details.menu[open]").forEach(function (menu) {
        if (!menu.contains(event.target)) {
          menu.removeAttribute("open");
        }
      });
    });
  }

  // Ctrl+S: "Update" when a saved request is open and yours to change, else the Save panel.
  function saveShortcut(event) {
    var update = document.querySelector("[data-save-update]");
    var panel = document.getElementById("save-panel");
    if (!update && !panel) {
      return;
    }
    event.preventDefault();
    if (document.activeElement && document.activeElement.blur) {
      document.activeElement.blur(); // a pending change must reach the form first
    }
    if (update) {
      update.click();
      return;
    }
    panel.open = true;
    var name = panel.querySelector("input[name=name]");
    if (name) {
      name.focus();
    }
  }

  function setUpShortcuts() {
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
        saveShortcut(event);
        return;
      }
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        var send = document.querySelector("[data-send]:not([disabled])");
        if (send) {
          event.preventDefault();
          // A pending change (the JSON editor fires on blur) must reach the form before sending.
          if (document.activeElement && document.activeElement.blur) {
            document.activeElement.blur();
          }
          send.click();
        }
        return;
      }
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
      if (event.key === "/" && !typing) {
        var search = document.querySelector(".field-picker[open] .field-search, [list=resource-types]");
        if (search) {
          event.preventDefault();
          search.focus();
        }
      }
    });
  }

  // Field search: hides the fields that do not match; every checkbox stays in the form.
  function setUpListFilters() {
    document.addEventListener("input", function (event) {
      var input = event.target.closest("[data-filter-list]");
      if (!input) {
        return;
      }
      var list = document.getElementById(input.getAttribute("data-filter-list"));
      if (!list) {
        return;
      }
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      list.querySelectorAll("li[data-search]").forEach(function (item) {
        var haystack = item.getAttribute("data-search");
        item.hidden = !words.every(function (word) { return haystack.indexOf(word) >= 0; });
      });
    });
    // Typing in the search box must not count as a form change (that would re-render the composer).
    document.addEventListener("change", function (event) {
      if (event.target.closest("[data-filter-list]")) {
        event.stopPropagation();
      }
    }, true);
  }

  // The composer is re-rendered on the server after each change. htmx keeps the focus, a field search
  // (hx-preserve) and the order of requests (hx-sync); two things it has no means for are kept here:
  // which panels the user opened (not form state), and what the user typed while a request was on its
  // way (not sent yet): it is put back and sent next, so no keystroke is lost.
  function fieldKey(form, element) {
    if (element.type === "checkbox" || element.type === "radio") {
      return element.name + "=" + element.value;
    }
    var same = form.querySelectorAll('[name="' + CSS.escape(element.name) + '"]');
    return element.name + "#" + Array.prototype.indexOf.call(same, element);
  }

  function fieldValue(element) {
    if (element.type === "checkbox" || element.type === "radio") {
      return element.checked;
    }
    if (element.multiple) {
      return Array.prototype.map.call(element.selectedOptions, function (o) { return o.value; }).join("\n");
    }
    return element.value;
  }

  function formValues(form) {
    var values = {};
    form.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (element) {
      values[fieldKey(form, element)] = fieldValue(element);
    });
    return values;
  }

  function setUpSwapMemory() {
    var remembered = null;
    // What each request carried, kept with the request: answers can overlap.
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var form = document.getElementById("composer");
      event.detail.xhr.explorerSent = form ? formValues(form) : null;
    });
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var target = event.detail.target;
      if (!target || !target.querySelectorAll) {
        return;
      }
      remembered = { open: {}, edited: {} };
      target.querySelectorAll("details[id]").forEach(function (details) {
        remembered.open[details.id] = details.open;
      });
      var form = document.getElementById("composer");
      var sent = event.detail.xhr && event.detail.xhr.explorerSent;
      if (form && sent && (target === form || form.contains(target))) {
        var now = formValues(form);
        Object.keys(now).forEach(function (key) {
          if (key in sent && now[key] !== sent[key]) {
            remembered.edited[key] = now[key];
          }
        });
      }
    });
    document.body.addEventListener("htmx:afterSwap", function () {
      if (!remembered) {
        return;
      }
      Object.keys(remembered.open).forEach(function (id) {
        var details = document.getElementById(id);
        if (details) {
          details.open = remembered.open[id];
        }
      });
      // A preserved field search filters the list that came with the swap.
      document.querySelectorAll("input[data-filter-list]").forEach(function (input) {
        if (input.value) {
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      var form = document.getElementById("composer");
      var last = null;
      if (form) {
        form.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (element) {
          var key = fieldKey(form, element);
          if (!(key in remembered.edited)) {
            return;
          }
          var value = remembered.edited[key];
          if (typeof value === "boolean") {
            element.checked = value;
          } else if (element.multiple) {
            var chosen = value.split("\n");
            Array.prototype.forEach.call(element.options, function (o) { o.selected = chosen.indexOf(o.value) >= 0; });
          } else {
            element.value = value;
          }
          last = element;
        });
      }
      remembered = null;
      if (last) {
        last.dispatchEvent(new Event("change", { bubbles: true })); // send what the swap would have dropped
      }
    });
  }


  // ---- Layout: a resizable split of request and response on wide screens (remembered), the sidebar and the
  // navigation behind buttons on narrow ones, and after a send the focus on the result summary. ----------
  var SPLIT_KEY = "explorer-split";
  var SPLIT_MIN = 25;
  var SPLIT_MAX = 75;
  var SPLIT_DEFAULT = 52;
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function clampSplit(value) {
    return Math.round(Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, value)) * 10) / 10;
  }

  function storedSplit() {
    try {
      var value = parseFloat(window.localStorage.getItem(SPLIT_KEY));
      return isFinite(value) ? clampSplit(value) : SPLIT_DEFAULT;
    } catch (error) {
      return SPLIT_DEFAULT;
    }
  }

  function setUpSplit() {
    var handle = document.querySelector("[data-split-handle]");
    if (!handle) {
      return;
    }
    var main = handle.parentElement;
    handle.hidden = false;
    function apply(percent, remember) {
      main.style.setProperty("--split", percent + "%"); // CSSOM, allowed under style-src 'self'
      handle.setAttribute("aria-valuenow", String(Math.round(percent)));
      handle.setAttribute("aria-valuetext", "Request " + Math.round(percent) + "% of the width");
      if (remember) {
        try {
          window.localStorage.setItem(SPLIT_KEY, String(percent));
        } catch (error) {
          // not remembered, but applied
        }
      }
    }
    apply(storedSplit(), false);
    function percentAt(clientX) {
      var box = main.getBoundingClientRect();
      return clampSplit((clientX - box.left) / box.width * 100);
    }
    handle.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) {
        return;
      }
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      main.classList.add("splitting");
      var move = function (e) { apply(percentAt(e.clientX), false); };
      var up = function (e) {
        apply(percentAt(e.clientX), true);
        main.classList.remove("splitting");
        handle.removeEventListener("pointermove", move);
        handle.removeEventListener("pointerup", up);
        handle.removeEventListener("pointercancel", up);
      };
      handle.addEventListener("pointermove", move);
      handle.addEventListener("pointerup", up);
      handle.addEventListener("pointercancel", up);
    });
    handle.addEventListener("keydown", function (event) {
      var now = storedSplit();
      var steps = { ArrowLeft: now - 2, ArrowRight: now + 2, Home: SPLIT_MIN, End: SPLIT_MAX, Enter: SPLIT_DEFAULT };
      if (!(event.key in steps)) {
        return;
      }
      event.preventDefault();
      apply(clampSplit(steps[event.key]), true);
    });
    handle.addEventListener("dblclick", function () { apply(SPLIT_DEFAULT, true); });
  }

  function setUpDisclosure(buttonSelector, containerOf, openClass) {
    document.addEventListener("click", function (event) {
      var button = event.target.closest(buttonSelector);
      document.querySelectorAll(buttonSelector + '[aria-expanded="true"]').forEach(function (open) {
        var inside = containerOf(open).contains(event.target);
        if (open !== button && !inside && openClass === "menu-open") {
          open.setAttribute("aria-expanded", "false");
          containerOf(open).classList.remove(openClass);
        }
      });
      if (!button) {
        return;
      }
      var container = containerOf(button);
      var expanded = !container.classList.contains(openClass);
      container.classList.toggle(openClass, expanded);
      button.setAttribute("aria-expanded", String(expanded));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || openClass !== "menu-open") {
        return;
      }
      document.querySelectorAll(buttonSelector + '[aria-expanded="true"]').forEach(function (open) {
        open.setAttribute("aria-expanded", "false");
        containerOf(open).classList.remove(openClass);
        open.focus();
      });
    });
  }

  function setUpResultFocus() {
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var region = document.getElementById("call-result");
      if (region && event.detail.elt.closest("[data-send]")) {
        region.setAttribute("aria-busy", "true");
      }
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      // detail.elt is the swapped element (also for the out-of-band recent calls); the requester is in requestConfig.
      var source = event.detail.requestConfig && event.detail.requestConfig.elt;
      if (!event.detail.elt || event.detail.elt.id !== "call-result" ||
          !source || !source.closest || !source.closest("[data-send], [data-result-focus]")) {
        return; // table paging and the like keep the reader's place
      }
      var region = document.getElementById("call-result");
      var summary = region && region.querySelector(".result-summary, [data-result-focus]");
      if (!summary) {
        return;
      }
      var pane = region.closest(".result-pane");
      if (pane) {
        pane.scrollTop = 0;
      }
      if (!summary.hasAttribute("tabindex")) {
        summary.setAttribute("tabindex", "-1");
      }
      summary.focus({ preventScroll: true });
      var box = summary.getBoundingClientRect();
      var bar = document.querySelector(".topbar");
      var top = bar ? bar.getBoundingClientRect().bottom : 0;
      // Narrow screens stack the result under the request: bring it up, not just barely into view.
      if (box.top < top || box.bottom > window.innerHeight || box.top > window.innerHeight / 2) {
        summary.scrollIntoView({ block: "start", behavior: reducedMotion.matches ? "auto" : "smooth" });
      }
      var announce = document.getElementById("result-announce");
      if (announce) {
        announce.textContent = summary.textContent.replace(/\s+/g, " ").trim();
      }
    });
  }

  // ---- Lazy parts of the composer: the field picker's list when it opens, the datalists of field names once
  // (hx-preserve keeps them across re-renders while module and configuration stay the same). -------------
  function loadLazy(element, url, swap) {
    if (element.hasAttribute("data-loaded") || element.dataset.loading) {
      return;
    }
    element.dataset.loading = "1";
    window.htmx.ajax("POST", url, { source: element, target: element, swap: swap }).then(function () {
      if (element.isConnected) {
        element.setAttribute("data-loaded", "");
      }
      delete element.dataset.loading;
    });
  }

  function loadOpenPickers(root) {
    root.querySelectorAll("details.field-picker[open] [data-lazy-list]:not([data-loaded])").forEach(function (list) {
      loadLazy(list, list.getAttribute("data-lazy-list"), "outerHTML");
    });
    loadDatalists();
  }

  // Kept outside the form: a datalist inside it would be re-rendered with every change (or moved by
  // hx-preserve, which crashes Chromium's moveBefore for datalists). Old modules' lists are dropped.
  function loadDatalists() {
    var store = document.getElementById("field-datalists");
    var form = document.getElementById("composer");
    if (!store || !form) {
      return;
    }
    var wanted = {};
    form.querySelectorAll("input[list]").forEach(function (input) {
      var id = input.getAttribute("list");
      if (!/^(record-)?fields-\d+-/.test(id)) {
        return;
      }
      wanted[id] = true;
      if (document.getElementById(id)) {
        return;
      }
      var list = document.createElement("datalist");
      list.id = id;
      store.appendChild(list);
      var values = {};
      new FormData(form).forEach(function (value, name) {
        if (typeof value !== "string") {
          return;
        }
        values[name] = name in values ? [].concat(values[name], value) : value;
      });
      window.htmx.ajax("POST", store.getAttribute("data-lazy-options"), { source: list, target: list, swap: "innerHTML", values: values });
    });
    Array.prototype.forEach.call(store.querySelectorAll("datalist"), function (list) {
      if (!wanted[list.id]) {
        list.remove();
      }
    });
  }

  function setUpLazyLists() {
    // toggle does not bubble: listen while it is captured. A picker reopened after a re-render loads again.
    document.addEventListener("toggle", function (event) {
      if (event.target.matches && event.target.matches("details.field-picker") && event.target.open) {
        loadOpenPickers(event.target);
      }
    }, true);
  }

  // ---- The JSON editor: line numbers in a gutter kept in sync, and the line of a parse error marked. ---
  function jsonErrorLine(error, text) {
    var message = String(error && error.message);
    var match = /line (\d+) column \d+/.exec(message);
    if (match) {
      return parseInt(match[1], 10);
    }
    match = /position (\d+)/.exec(message);
    if (match) {
      return text.slice(0, parseInt(match[1], 10)).split("\n").length;
    }
    return text.split("\n").length;
  }

  function enhanceJsonEditor(wrap) {
    if (wrap.dataset.ready) {
      return;
    }
    wrap.dataset.ready = "1";
    var area = wrap.querySelector("textarea");
    var gutter = wrap.querySelector(".json-gutter");
    var mark = wrap.querySelector(".json-mark");
    var markText = mark.querySelector(".json-mark-text");
    var serverText = area.value;
    var serverLine = parseInt(wrap.getAttribute("data-error-line"), 10) || null;
    var serverMessage = "";
    var described = area.getAttribute("aria-describedby");
    if (described && document.getElementById(described)) {
      serverMessage = document.getElementById(described).textContent.replace(/^.*?column \d+:\s*/, "");
    }
    var shown = { lines: -1, error: -1 };
    function error() {
      if (area.value === serverText) {
        return { line: serverLine, text: serverMessage };
      }
      if (!area.value.trim()) {
        return { line: null, text: "" };
      }
      try {
        JSON.parse(area.value);
        return { line: null, text: "" };
      } catch (e) {
        return { line: jsonErrorLine(e, area.value), text: "" };
      }
    }
    function place(line) {
      if (!line) {
        mark.hidden = true;
        return;
      }
      var style = window.getComputedStyle(area);
      var lineHeight = parseFloat(style.lineHeight) || 16;
      var top = area.offsetTop + parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth) +
        (line - 1) * lineHeight - area.scrollTop;
      mark.hidden = top < area.offsetTop || top + lineHeight > area.offsetTop + area.clientHeight + 1;
      mark.style.setProperty("--mark-top", top + "px");
      mark.style.setProperty("--mark-height", lineHeight + "px");
    }
    function render() {
      var lines = area.value.split("\n").length;
      var found = error();
      if (lines !== shown.lines || found.line !== shown.error) {
        var fragment = document.createDocumentFragment();
        for (var n = 1; n <= lines; n++) {
          var number = document.createElement("span");
          number.textContent = n;
          if (n === found.line) {
            number.className = "json-gutter-error";
          }
          fragment.appendChild(number);
        }
        gutter.replaceChildren(fragment);
        shown = { lines: lines, error: found.line };
        wrap.classList.toggle("has-error", Boolean(found.line));
      }
      markText.textContent = found.line ? (found.text || "Invalid JSON on line " + found.line) : "";
      place(found.line);
      gutter.scrollTop = area.scrollTop;
    }
    area.addEventListener("input", render);
    area.addEventListener("scroll", function () {
      gutter.scrollTop = area.scrollTop;
      place(shown.error > 0 ? shown.error : null);
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { place(shown.error > 0 ? shown.error : null); }).observe(area);
    }
    render();
  }

  // ---- Multi-value inputs as chips with a searchable list. The <select multiple> stays in the form (same
  // names and values); without JavaScript it is simply the select. -------------------------------------
  var chipFocus = null;
  var CHIP_LIST_MAX = 60;

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text) {
      element.textContent = text;
    }
    return element;
  }

  function enhanceChips(select) {
    if (select.dataset.enhanced) {
      return;
    }
    select.dataset.enhanced = "1";
    // Names that do not repeat the select's own label, so it stays the one control called e.g. "Filter 1: values".
    var label = (select.getAttribute("aria-label") || "Values").replace(/:\s*values$/i, "");
    var box = make("div", "chip-select");
    var chips = make("ul", "chip-select-chips");
    chips.setAttribute("aria-label", label + ": chosen");
    var input = make("input", "chip-select-input");
    input.type = "text";
    input.id = select.id + "-search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Add a value…";
    input.setAttribute("data-chip-input", "");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-label", label + ": add a value");
    var list = make("ul", "chip-select-list");
    list.id = select.id + "-options";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", label + ": choices");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    select.parentNode.insertBefore(box, select);
    box.appendChild(select);
    box.appendChild(chips);
    box.appendChild(input);
    box.appendChild(list);
    select.classList.add("chip-select-native");
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    var active = -1;

    function commit() {
      chipFocus = input.id;
      select.dispatchEvent(new Event("change", { bubbles: true })); // the form re-renders as with the select
      renderChips();
      renderList();
    }
    function renderChips() {
      chips.replaceChildren();
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.selected) {
          return;
        }
        var chip = make("li", "chip-value", option.textContent.trim());
        var remove = make("button", "chip-remove", "×");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove " + option.textContent.trim());
        remove.addEventListener("click", function () {
          option.selected = false;
          commit();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = !chips.children.length;
    }
    function candidates() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      return Array.prototype.filter.call(select.options, function (option) {
        var text = (option.textContent + " " + option.value).toLowerCase();
        return !option.selected && words.every(function (word) { return text.indexOf(word) >= 0; });
      });
    }
    function renderList() {
      if (document.activeElement !== input) {
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
        return;
      }
      var found = candidates();
      list.replaceChildren();
      active = Math.min(active, found.length - 1);
      found.slice(0, CHIP_LIST_MAX).forEach(function (option, n) {
        var item = make("li", "chip-select-option", option.textContent.trim());
        item.id = list.id + "-" + n;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", String(n === active));
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(option); });
        item.explorerOption = option;
        list.appendChild(item);
      });
      if (!found.length) {
        list.appendChild(make("li", "chip-select-empty", input.value ? "No value matches" : "All values chosen"));
      } else if (found.length > CHIP_LIST_MAX) {
        list.appendChild(make("li", "chip-select-empty", (found.length - CHIP_LIST_MAX) + " more: type to narrow"));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      var current = active >= 0 ? list.children[active] : null;
      if (current) {
        input.setAttribute("aria-activedescendant", current.id);
        current.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(option) {
      option.selected = true;
      input.value = "";
      active = -1;
      commit();
    }
    input.addEventListener("focus", renderList);
    input.addEventListener("input", function () { active = 0; renderList(); });
    input.addEventListener("blur", function () { window.setTimeout(renderList, 0); });
    input.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("[role=option]");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = Math.max(0, Math.min(items.length - 1, active + (event.key === "ArrowDown" ? 1 : -1)));
        renderList();
      } else if (event.key === "Enter") {
        event.preventDefault(); // never the form's default button
        var item = items[active >= 0 ? active : 0];
        if (item && (input.value || active >= 0)) {
          choose(item.explorerOption);
        }
      } else if (event.key === "Escape" && !list.hidden) {
        event.stopPropagation();
        input.value = "";
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
      } else if (event.key === "Backspace" && !input.value) {
        var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
        if (chosen.length) {
          chosen[chosen.length - 1].selected = false;
          commit();
        }
      }
    });
    renderChips();
    if (chipFocus === input.id) {
      chipFocus = null;
      input.focus();
    }
  }

  function enhance(root) {
    if (!root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("[data-json-editor]").forEach(enhanceJsonEditor);
    root.querySelectorAll("select[data-chips]").forEach(enhanceChips);
    loadOpenPickers(document);
  }

  function setUpEnhancements() {
    // The chips' search box is not a form field: typing in it must not re-render the composer.
    document.addEventListener("change", function (event) {
      if (event.target.closest("[data-chip-input]")) {
        event.stopPropagation();
      }
    }, true);
    enhance(document.body);
    document.body.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpShortcuts();
    setUpSwapMemory();
    setUpListFilters();
    setUpThemeToggle();
    setUpToasts();
    setUpHtmxErrors();
    setUpAutosubmit();
    setUpCopyButtons();
    setUpMenus();
    setUpSplit();
    setUpDisclosure("[data-sidebar-toggle]", function (button) { return button.closest("[data-compose-layout]"); }, "sidebar-open");
    setUpDisclosure("[data-menu-toggle]", function (button) { return button.closest(".topbar"); }, "menu-open");
    setUpResultFocus();
    setUpLazyLists();
    setUpEnhancements();
  });
})();
