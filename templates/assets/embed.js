/* A fact's embed, inside an iframe on another site: tells the page around it the embed's height, so
   that the embed code's own script can fit the iframe to it (no inner scroll bar, no gap). The embed
   reads fully without this script; the iframe then keeps the height the embed code estimated. */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) { return; }
    last = height;
    window.parent.postMessage({ factcompareEmbed: { height: height } }, "*");
  }
  window.addEventListener("load", send);
  if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); }
  else { window.addEventListener("resize", send); }
})();
