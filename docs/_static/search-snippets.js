// Search results quote the text around a match. Sphinx takes that text from
// the page's HTML, where an equation is still its TeX source ("\frac{...}"),
// which reads as noise in a snippet; leave the equations out of it.
(function () {
  function patch() {
    if (typeof Search === "undefined" || Search.htmlToTextWithoutMath) return;
    const htmlToText = Search.htmlToText;
    Search.htmlToTextWithoutMath = true;
    Search.htmlToText = function (htmlString, anchor) {
      const page = new DOMParser().parseFromString(htmlString, "text/html");
      page.querySelectorAll(".math, mjx-container").forEach((el) => el.replaceWith(" … "));
      return htmlToText(page.documentElement.outerHTML, anchor);
    };
  }
  patch();
  document.addEventListener("DOMContentLoaded", patch);
})();
