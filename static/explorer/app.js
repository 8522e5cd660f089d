"use strict";
// The little JavaScript of the explorer: theme toggle, toasts, auto-submitting selects, copy buttons,
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
      source.select();
      var done = function () { button.textContent = "Copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done);
      } else if (document.execCommand("copy")) {
        done(); // the Clipboard API needs HTTPS; plain-HTTP development servers take this path
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

  document.addEventListener("DOMContentLoaded", function () {
    setUpThemeToggle();
    setUpToasts();
    setUpHtmxErrors();
    setUpAutosubmit();
    setUpCopyButtons();
    setUpMenus();
  });
})();
