// Runs in an isolated JavaScript world: the author's page scripts never run
// (JavaScript is off in the main world) and cannot see these functions.
(function () {
  "use strict";
  if (window.__postEditor) { return; }
  const content = () => document.getElementById("pe-content");

  function make(html, line) {
    const el = document.createElement("div");
    el.className = "pe-block";
    el.dataset.line = String(line);
    el.innerHTML = html;
    return el;
  }

  // ops: [["keep", n] | ["insert", [[html, line], ...]] | ["delete", n]]; lines: data-line of every block after the patch.
  function patch(ops, lines) {
    const root = content();
    const scroller = document.scrollingElement;
    const top = scroller.scrollTop;
    let index = 0;
    for (const op of ops) {
      if (op[0] === "keep") {
        index += op[1];
      } else if (op[0] === "delete") {
        for (let i = 0; i < op[1]; i++) { root.children[index].remove(); }
      } else if (op[0] === "insert") {
        const ref = root.children[index] || null;
        for (const item of op[1]) { root.insertBefore(make(item[0], item[1]), ref); index++; }
      }
    }
    const kids = root.children;
    for (let i = 0; i < lines.length && i < kids.length; i++) { kids[i].dataset.line = String(lines[i]); }
    scroller.scrollTop = top;
    return root.children.length;
  }

  function setHeader(html) {
    let header = document.getElementById("pe-header");
    if (!header) {
      header = document.createElement("header");
      header.id = "pe-header";
      document.body.insertBefore(header, content());
      header.className = "pe-content";
      header.style.paddingBottom = "0";
    }
    header.innerHTML = html;
  }

  function setTheme(dark, css) {
    document.body.classList.toggle("dark", !!dark);
    document.getElementById("pe-pygments").textContent = css;
  }

  // The block whose source starts at or before `line`, and how far into it.
  function scrollToLine(line, fraction) {
    const kids = content().children;
    let target = null;
    for (const kid of kids) {
      if (Number(kid.dataset.line) <= line) { target = kid; } else { break; }
    }
    const scroller = document.scrollingElement;
    if (!target) { scroller.scrollTop = 0; return 0; }
    const rect = target.getBoundingClientRect();
    scroller.scrollTop = Math.max(0, rect.top + scroller.scrollTop + rect.height * (fraction || 0) - 8);
    return scroller.scrollTop;
  }

  // The source line at the top of the viewport (block start plus fraction).
  function topLine() {
    const kids = content().children;
    for (const kid of kids) {
      const rect = kid.getBoundingClientRect();
      if (rect.bottom > 0) {
        const fraction = rect.height > 0 ? Math.max(0, -rect.top) / rect.height : 0;
        return [Number(kid.dataset.line), fraction];
      }
    }
    return [0, 0];
  }

  function text() { return content().innerText; }

  window.__postEditor = { patch, setHeader, setTheme, scrollToLine, topLine, text };
})();
