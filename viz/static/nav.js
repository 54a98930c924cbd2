/* The shared navigation bar's language switch (viz/navigation.py). The choice lives in localStorage
   under one key, and the bar's links carry it as `#lang=en`: Chromium shares storage between
   file:// pages but Firefox does not, so the hash is what carries it there. The explorer reads the
   same choice (window.dgkgNav.initial) and keeps its own handling of the page's text. */
(function () {
  "use strict";
  const KEY = "dgkg-lang";
  const fromHash = () => { const m = /(?:^|[#&])lang=(en|zh-hans)(?:&|$)/.exec(location.hash); return m ? m[1] : null; };
  const stored = () => { try { return localStorage.getItem(KEY); } catch (e) { return null; } };
  const remember = (lang) => { try { localStorage.setItem(KEY, lang); } catch (e) { /* storage off: the hash still carries it */ } };
  const initial = () => (fromHash() || stored()) === "en" ? "en" : "zh-hans";

  function withLang(href, lang) {
    const [path, hash = ""] = href.split("#");
    const params = hash.split("&").filter((part) => part && !part.startsWith("lang="));
    if (lang === "en") params.push("lang=en");
    return params.length ? path + "#" + params.join("&") : path;
  }

  function apply(lang) {
    const en = lang === "en";
    document.documentElement.lang = en ? "en" : "zh-Hans";
    document.body.classList.toggle("lang-en", en);
    for (const button of document.querySelectorAll("nav.dgkg-nav [data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
    for (const node of document.querySelectorAll("nav.dgkg-nav [data-zh]")) node.textContent = en ? node.dataset.en : node.dataset.zh;
    for (const link of document.querySelectorAll("a[data-nav]")) link.setAttribute("href", withLang(link.getAttribute("href"), lang));
  }

  window.dgkgNav = {initial};
  for (const button of document.querySelectorAll("nav.dgkg-nav [data-lang]")) {
    button.addEventListener("click", () => { remember(button.dataset.lang); apply(button.dataset.lang); });
  }
  // A choice that came in the link's hash is stored (Firefox keeps file:// pages' storage apart);
  // a page that only read the stored one does not write it back, which could overwrite a newer
  // choice another page made while this one loaded.
  const start = () => { const hashed = fromHash(); if (hashed) remember(hashed); apply(initial()); };
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
