/*
 * Small behaviours of the course site (loaded on every page, after Material's bundle).
 *
 * - The language switcher keeps the reader's place: its links go to the same page in
 *   the other language, and the headings have the same ids in both languages, so the
 *   part after "#" is carried over (/02-add/#exercises -> /ko/02-add/#exercises).
 * - Code blocks' copy-button bars are not navigation landmarks.
 * - The English 404 page is the one a host serves for every missing address; for an
 *   address under the Korean folder it shows the Korean 404 page instead.
 */
(function () {
  "use strict";

  document.addEventListener(
    "click",
    function (event) {
      var link = event.target instanceof Element ? event.target.closest("a.md-select__link[hreflang]") : null;
      if (link && window.location.hash) {
        link.hash = window.location.hash;
      }
    },
    true
  );

  // Material wraps each code block's copy button in a <nav>: many nameless navigation
  // landmarks per page. It holds one button, not site navigation: no landmark.
  function nameCodeToolbars() {
    document.querySelectorAll("nav.md-code__nav").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(nameCodeToolbars);
  } else {
    document.addEventListener("DOMContentLoaded", nameCodeToolbars);
  }

  var notFound = document.querySelector("[data-kfp-not-found]");
  if (notFound) {
    var korean = notFound.getAttribute("data-kfp-ko-page");
    var koreanRoot = notFound.getAttribute("data-kfp-ko-root");
    if (korean && koreanRoot && document.documentElement.lang !== "ko") {
      var root = new URL(koreanRoot, document.baseURI || window.location.href);
      if (window.location.pathname.indexOf(root.pathname) === 0) {
        window.location.replace(new URL(korean, document.baseURI || window.location.href).href);
      }
    }
  }
})();
