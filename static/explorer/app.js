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
  });
})();
