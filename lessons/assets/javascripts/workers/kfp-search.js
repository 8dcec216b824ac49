/*
 * The course's search worker: Material for MkDocs' own worker, with one change.
 * A Korean query word keeps its particle (조사) as typed: "파이프라인을", "아티팩트를".
 * The pages say "파이프라인" and "Pipeline을", so the word with its particle matches
 * nothing. Before Material's worker sees a query, each Hangul word loses a trailing
 * particle when at least two characters are left ("정의" stays "정의"). Queries are
 * prefix matches, so a word cut too short still finds the pages of the whole word.
 *
 * The page loads this file as "kfp-search.js?material=search.HASH.min.js" (see
 * tools/mkdocs/page_html.py); it sits next to Material's worker, so that worker finds
 * its lunr languages where it expects them. Message type 2 is a query in Material's
 * worker protocol; tests/browser/test_site_browser.py types Korean queries with
 * particles and fails if this stops working (for example after a Material upgrade).
 */
(function () {
  "use strict";
  var QUERY = 2;
  // Longest first, so "에서는" is taken off whole rather than "는" alone.
  var PARTICLES = [
    "에서는", "으로는", "에게서", "이라는", "에서", "으로", "에게", "까지", "부터",
    "처럼", "보다", "이나", "에는", "과는", "와는", "라는", "이란", "을", "를", "이",
    "가", "은", "는", "의", "에", "로", "와", "과", "도", "만", "란"
  ];
  var HANGUL_END = /[\uac00-\ud7a3]$/;

  function stripParticle(word) {
    if (!HANGUL_END.test(word)) {
      return word;
    }
    for (var i = 0; i < PARTICLES.length; i++) {
      var particle = PARTICLES[i];
      var stem = word.slice(0, word.length - particle.length);
      if (word.slice(-particle.length) === particle && stem.length >= 2) {
        return stem;
      }
    }
    return word;
  }

  function stripParticles(query) {
    return query
      .split(/(\s+)/)
      .map(function (part) { return /^\s+$/.test(part) ? part : stripParticle(part); })
      .join("");
  }

  var forwarded = typeof WeakSet === "function" ? new WeakSet() : null;
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (!forwarded || forwarded.has(event) || !message || message.type !== QUERY) {
      return;
    }
    if (typeof message.data !== "string") {
      return;
    }
    var query = stripParticles(message.data);
    if (query === message.data) {
      return;
    }
    event.stopImmediatePropagation();
    var changed = new MessageEvent("message", { data: { type: QUERY, data: query } });
    forwarded.add(changed);
    self.dispatchEvent(changed);
  });

  self.kfpStripParticles = stripParticles; // for the browser test
  var material = new URL(self.location.href).searchParams.get("material");
  if (!material || !/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
    throw new Error("kfp-search.js needs ?material=search.HASH.min.js");
  }
  importScripts(material);
})();
