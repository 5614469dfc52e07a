// DOM helpers for the views. Every piece of server or user data reaches the page as text (textContent, text
// nodes), never as markup.

/** Builds an element; string children become text nodes, so data can never become markup. */
export function h(tag, props, ...kids) {
  const node = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = String(value);
      else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const kid of kids.flat()) {
    if (kid == null || kid === false) continue;
    node.append(kid instanceof Node ? kid : String(kid));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

/** Sets a node's text only when it changed (no needless mutations for screen readers and observers). */
export function setText(node, text) {
  const value = String(text ?? '');
  if (node.textContent !== value) node.textContent = value;
}

/**
 * Makes {@code container}'s children the nodes of {@code items}, in order, reusing the node already there for
 * each key (found by its data-key): a node the user is about to click is updated, never replaced.
 * @param create (item) => a new node
 * @param update (node, item) => void, called for new and reused nodes
 */
export function reconcile(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of container.children) if (child.dataset.key != null) existing.set(child.dataset.key, child);
  let cursor = container.firstElementChild;
  const keep = new Set();
  for (const item of items) {
    const key = String(keyOf(item));
    let node = existing.get(key);
    if (!node) {
      node = create(item);
      node.dataset.key = key;
    }
    keep.add(node);
    update(node, item);
    if (node !== cursor) container.insertBefore(node, cursor);
    else cursor = cursor.nextElementSibling;
  }
  for (const node of existing.values()) if (!keep.has(node)) node.remove();
  // anything else left over (e.g. an "empty" placeholder) goes too
  for (const child of [...container.children]) if (!keep.has(child)) child.remove();
}
