// Runs in an isolated JavaScript world: the author's page scripts never run
// (JavaScript is off in the main world) and cannot see these functions.
(function () {
  "use strict";
  if (window.__postEditor) { return; }
  const content = () => document.getElementById("pe-content");

  // Block elements in document order. They live in chunk elements of at most
  // CHUNK blocks, so that a long post's page stays cheap to lay out (a chunk
  // off screen is skipped entirely) and an edit touches one chunk.
  const blocks = [];
  const CHUNK = 200;

  function make(html) {
    const el = document.createElement("div");
    el.className = "pe-block";
    el.innerHTML = html;
    return el;
  }

  function newChunk(before) {
    const chunk = document.createElement("div");
    chunk.className = "pe-chunk";
    content().insertBefore(chunk, before);
    return chunk;
  }

  // Links to other posts of the site: anchor to the other post's title (null: no such post).
  let postLinks = {};

  function markPostLinks(root) {
    for (const a of root.querySelectorAll('a[href^="#post-editor-post:"]')) {
      const title = postLinks[a.getAttribute("href").slice(1)];
      if (title === undefined) { continue; }
      a.title = title === null ? "No post of the site has this name" : title;
      a.classList.toggle("pe-broken-link", title === null);
    }
  }

  function setPostLinks(map) { postLinks = map; markPostLinks(document); }

  // ops: [["keep", n] | ["delete", n] | ["insert", [html, ...]]], applied in order.
  // No scroll position is read or written here: that would force a layout of the
  // whole page on every patch; Chromium's scroll anchoring keeps the view steady.
  function patch(ops) {
    let index = 0;
    const typeset = [];
    for (const op of ops) {
      if (op[0] === "keep") {
        index += op[1];
      } else if (op[0] === "delete") {
        const gone = blocks.splice(index, op[1]);
        for (const el of gone) {
          const chunk = el.parentNode;
          el.remove();
          if (chunk && !chunk.firstChild) { chunk.remove(); }
        }
      } else if (op[0] === "insert") {
        const els = op[1].map(make);
        for (let i = 0; i < els.length; i++) {
          if (op[1][i].indexOf("arithmatex") >= 0 || op[1][i].indexOf("pe-diagram") >= 0) { typeset.push(els[i]); }
          if (op[1][i].indexOf("#post-editor-post:") >= 0) { markPostLinks(els[i]); }
        }
        const ref = blocks[index] || null;
        if (ref) {
          const chunk = ref.parentNode;
          for (const el of els) { chunk.insertBefore(el, ref); }
        } else {
          let chunk = content().lastElementChild;
          for (const el of els) {
            if (!chunk || chunk.childElementCount >= CHUNK) { chunk = newChunk(null); }
            chunk.appendChild(el);
          }
        }
        blocks.splice(index, 0, ...els);
        index += els.length;
      }
    }
    if (typeset.length && window.__peTypeset) {
      for (const el of typeset) { window.__peTypeset.run(el); }
    }
    return String(blocks.length);
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
    document.documentElement.style.colorScheme = dark ? "dark" : "light";  // scroll bars and form controls too
    document.getElementById("pe-pygments").textContent = css;
    if (window.__peTypeset) { window.__peTypeset.retheme(); }
  }

  // A style sheet shipped with the app (KaTeX's), added once.
  function addStyle(href) {
    if (document.querySelector('link[data-pe-style="' + href + '"]')) { return; }
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.dataset.peStyle = href;
    document.head.appendChild(link);
  }

  // The site's own stylesheets instead of ours (`hrefs` empty: ours again). `parts` is our
  // CSS for what only we show (placeholders, callouts, stubs), kept on top of the site's.
  function setSiteStyle(hrefs, parts, wrapper) {
    const on = hrefs.length > 0;
    const ours = document.querySelector('link[href="preview.css"]');
    if (ours) { ours.disabled = on; }
    document.querySelectorAll("link[data-pe-site]").forEach((link) => link.remove());
    let kept = document.getElementById("pe-parts");
    if (on && !kept) {
      kept = document.createElement("style");
      kept.id = "pe-parts";
      document.head.appendChild(kept);
    }
    if (kept) { kept.textContent = on ? parts : ""; }
    for (const href of hrefs) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.dataset.peSite = "1";
      document.head.insertBefore(link, kept);
    }
    document.documentElement.classList.toggle("pe-site", on);
    content().className = "pe-content" + (on && wrapper ? " " + wrapper : "");
  }

  // Put block `index` at the top of the view, `fraction` of the way into it.
  function scrollToIndex(index, fraction) {
    const scroller = document.scrollingElement;
    const target = blocks[Math.min(index, blocks.length - 1)];
    if (!target) { scroller.scrollTop = 0; return "0"; }
    const rect = target.getBoundingClientRect();
    scroller.scrollTop = Math.max(0, rect.top + scroller.scrollTop + rect.height * (fraction || 0));
    return String(scroller.scrollTop);
  }

  // The block at the top of the view and how far into it, as JSON.
  function topIndex() {
    let lo = 0, hi = blocks.length - 1;
    while (lo < hi) {  // first block whose bottom is below the top edge
      const mid = (lo + hi) >> 1;
      if (blocks[mid].getBoundingClientRect().bottom > 0) { hi = mid; } else { lo = mid + 1; }
    }
    const el = blocks[lo];
    if (!el) { return "[0, 0]"; }
    const rect = el.getBoundingClientRect();
    const fraction = rect.height > 0 ? Math.max(0, -rect.top) / rect.height : 0;
    return JSON.stringify([lo, Math.min(1, fraction)]);
  }

  function block(index) { return blocks[index]; }

  function text() { return content().textContent; }

  window.__postEditor = { patch, setHeader, setTheme, addStyle, setSiteStyle, setPostLinks, scrollToIndex, topIndex, text, block, count: () => blocks.length };
})();
