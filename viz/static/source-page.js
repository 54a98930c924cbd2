/* Source pages: "copy" puts a citation on the clipboard. The Clipboard API needs a secure context
   and the reader's permission; where it is refused (some file:// setups), the citation's text is
   selected and copied the old way, and stays selected so it can be copied by hand. */
(function () {
  "use strict";
  function copied(button, ok) {
    button.textContent = ok ? button.dataset.done : button.dataset.failed;
    button.dataset.state = ok ? "copied" : "selected";
  }
  function bySelection(target) {
    const range = document.createRange();
    range.selectNodeContents(target);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", () => {
      const target = document.getElementById(button.dataset.copy);
      const text = target.textContent;
      const fallback = () => copied(button, bySelection(target));
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(() => copied(button, true), fallback);
      } else {
        fallback();
      }
    });
  }
})();
