// Typesets math with KaTeX and draws Mermaid diagrams in elements the renderer
// marked: `.arithmatex` (inline `span`, display `div`) and `.pe-diagram`.
// The preview runs it in its isolated world, an exported page as its own script;
// either way the libraries come from files shipped with the app, loaded before.
// A formula or diagram that does not parse shows its error in its place.
(function () {
  "use strict";
  if (window.__peTypeset) { return; }
  const mathCache = new Map();  // "D" or "I" and the TeX, to KaTeX's HTML
  const svgCache = new Map();  // theme and the diagram's source, to its SVG
  let diagramTheme = "";
  let serial = 0;
  let running = 0;  // diagrams being drawn

  function errorBox(what, message, source, block) {
    const box = document.createElement(block ? "div" : "span");
    box.className = "pe-render-error";
    const label = document.createElement("strong");
    label.textContent = what + ": ";
    box.appendChild(label);
    box.appendChild(document.createTextNode(String(message || "could not be read")));
    if (source) {
      const code = document.createElement("code");
      code.textContent = source;
      box.appendChild(block ? document.createElement("br") : document.createTextNode(" "));
      box.appendChild(code);
    }
    return box;
  }

  function texOf(el) {
    let tex = el.textContent.trim();
    const open = tex.slice(0, 2);
    if ((open === "\\(" && tex.endsWith("\\)")) || (open === "\\[" && tex.endsWith("\\]"))) {
      tex = tex.slice(2, -2);
    }
    return tex;
  }

  function math(root) {
    if (!window.katex) { return 0; }
    let count = 0;
    for (const el of root.querySelectorAll(".arithmatex:not([data-pe-done])")) {
      const display = el.tagName === "DIV";
      const tex = texOf(el);
      const key = (display ? "D" : "I") + tex;
      let out = mathCache.get(key);
      if (out === undefined) {
        try {
          out = katex.renderToString(tex, {
            displayMode: display, throwOnError: true, strict: "ignore", trust: false, maxExpand: 1000,
          });
        } catch (error) {
          el.replaceChildren(errorBox("Math", error && error.message, tex, display));
          el.dataset.peDone = "error";
          count++;
          continue;
        }
        if (mathCache.size > 5000) { mathCache.clear(); }
        mathCache.set(key, out);
      }
      el.innerHTML = out;
      el.dataset.peDone = "math";
      count++;
    }
    return count;
  }

  // The preview says dark with a class; an exported page follows the system.
  function dark() {
    return document.body.classList.contains("dark") ||
      (document.body.dataset.peScheme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  }

  function themed() {
    const theme = dark() ? "dark" : "default";
    if (theme !== diagramTheme) {
      diagramTheme = theme;
      mermaid.initialize({
        startOnLoad: false, securityLevel: "strict", theme: theme,
        fontFamily: "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif",
      });
    }
    return theme;
  }

  function show(el, svg) {
    const holder = document.createElement("div");
    holder.className = "pe-diagram-svg";
    holder.innerHTML = svg;
    const old = el.querySelector(".pe-diagram-svg, .pe-render-error");
    if (old) { old.remove(); }
    el.appendChild(holder);
    el.dataset.peDone = "diagram";
  }

  function draw(el) {
    const source = el.querySelector(".pe-diagram-source").textContent;
    const theme = themed();
    const cached = svgCache.get(theme + "\n" + source);
    if (cached !== undefined) { show(el, cached); return; }
    el.dataset.peDone = "drawing";
    running++;
    const id = "pe-diagram-" + (++serial);
    mermaid.render(id, source).then(function (result) {
      if (svgCache.size > 500) { svgCache.clear(); }
      svgCache.set(theme + "\n" + source, result.svg);
      show(el, result.svg);
    }, function (error) {
      const old = el.querySelector(".pe-diagram-svg, .pe-render-error");
      if (old) { old.remove(); }
      el.appendChild(errorBox("Diagram", error && (error.message || error.str || error), "", true));
      el.dataset.peDone = "error";
      const stray = document.getElementById("d" + id);  // Mermaid's error drawing
      if (stray) { stray.remove(); }
    }).finally(function () { running--; });
  }

  function diagrams(root) {
    if (!window.mermaid) { return 0; }
    let count = 0;
    for (const el of root.querySelectorAll(".pe-diagram:not([data-pe-done])")) {
      draw(el);
      count++;
    }
    return count;
  }

  // After a change of theme, draw every diagram again in the new colours.
  function retheme() {
    if (!window.mermaid) { return; }
    for (const el of document.querySelectorAll(".pe-diagram[data-pe-done='diagram']")) {
      delete el.dataset.peDone;
    }
    diagrams(document);
  }

  function run(root) { return math(root || document) + diagrams(root || document); }

  // "done" once every marked element is typeset and no diagram is being drawn.
  function state() {
    const left = document.querySelectorAll(".arithmatex:not([data-pe-done]), .pe-diagram:not([data-pe-done])");
    return left.length === 0 && running === 0 ? "done" : "busy";
  }

  window.__peTypeset = { run, retheme, state };
})();
