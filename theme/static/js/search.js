// Site search with Pagefind's own interface, over the index `make html` writes to pagefind/.
// Links are made from the site's root, worked out from this file's address, so search works under a sub-path.
(function () {
  "use strict";
  var root = new URL("../../", document.currentScript.src).pathname; // this file is theme/js/search.js
  new window.PagefindUI({
    element: "#search",
    bundlePath: root + "pagefind/",
    baseUrl: root,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "Search this site" },
  });
})();
