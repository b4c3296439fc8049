// Optional resizer for embedded charts. One file with two jobs:
// - in an embed page (in a frame), it posts the page's height to the page around it;
// - in a host page (script tag near the iframes), it sets each embed's iframe to the height it posts.
// No inline script and nothing but postMessage, so it runs under default-src 'self' on the embed side and
// under any policy that lets the host load this file. Without it the snippet's own height fits.
(function () {
  "use strict";
  var TYPE = "transparency-embed-height";
  // The host's script may load after an embed has posted (it is async): it then asks each frame again.
  var ASK = "transparency-embed-height-please";

  if (window.parent !== window && document.documentElement.querySelector("body.embed")) {
    var last = 0;
    var post = function () {
      // The document's own height, not the frame's: a frame taller than its content must be able to shrink.
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: TYPE, height: height }, "*");
    };
    post();
    window.addEventListener("load", post);
    window.addEventListener("message", function (event) {
      if (event.source !== window.parent || !event.data || event.data.type !== ASK) return;
      last = 0;
      post();
    });
    if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
    return;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== TYPE || typeof data.height !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i += 1) {
      var frame = frames[i];
      // Only the frame that sent it, and only if it shows a page from where its src says.
      if (frame.contentWindow !== event.source) continue;
      if (new URL(frame.src, document.baseURI).origin !== event.origin) return;
      var height = Math.max(100, Math.min(5000, Math.ceil(data.height)));
      frame.setAttribute("height", String(height));
      return;
    }
  });

  // Frames already showing their embed posted before this listener existed; one still loading posts itself.
  var frames = document.getElementsByTagName("iframe");
  for (var i = 0; i < frames.length; i += 1) {
    try {
      var origin = new URL(frames[i].src, document.baseURI).origin;
      if (frames[i].contentWindow) frames[i].contentWindow.postMessage({ type: ASK }, origin);
    } catch (error) {
      // A frame with no usable src (about:blank, a typo) is simply not resized.
    }
  }
})();
