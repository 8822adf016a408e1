// Building the page without markup strings: every archived string (titles, text, snippets, URLs)
// goes in as a text node or an attribute value, never through innerHTML, so that a title such as
// "</title><script>…" is shown as the characters it is.

const SVG = "http://www.w3.org/2000/svg";

function fill(node, props, children) {
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "on") for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el("a", {href, class, text}, ...children). */
export function el(tag, props, ...children) {
  return fill(document.createElement(tag), props, children);
}

/** An SVG element, likewise. */
export function svg(tag, props, ...children) {
  return fill(document.createElementNS(SVG, tag), props, children);
}

/** ``text`` with the [start, end) code-point ranges in ``marks`` wrapped in <mark>. */
export function marked(text, marks) {
  const chars = Array.from(text || "");  // the API counts code points, JavaScript UTF-16 units
  const out = [];
  let at = 0;
  for (const [start, end] of [...(marks || [])].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start) continue;
    if (start > at) out.push(chars.slice(at, start).join(""));
    out.push(el("mark", { text: chars.slice(start, end).join("") }));
    at = end;
  }
  if (at < chars.length) out.push(chars.slice(at).join(""));
  return out;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A URL as a reader wants to see it: percent-escaped Arabic decoded (shown as text only). */
export function readableUrl(url) {
  try {
    return decodeURI(url);
  } catch {
    return url;  // not valid UTF-8 escapes: as archived
  }
}
