// The chat page's behaviour in the browser, inlined by chatapp/pages/chat.py.
(() => {
  // Scrolling. Follow the answer as it grows while the reader is at the end ("pinned"); once
  // they scroll up, keep the message at the top of their view where it is when messages come or
  // go above it (a page loaded by "Load earlier", the oldest page leaving after a turn, code
  // highlighted late). The scroller has the browser's own scroll anchoring off (chat.py).
  // Not pinned at the bottom while newer messages are still to be shown ("Show newer messages").
  const atEnd = (el) => el.scrollHeight - el.scrollTop - el.clientHeight < 80
    && !document.getElementById('show-newer');
  let anchor = null;
  let anchorTop = 0;
  const remember = (el) => {
    const top = el.getBoundingClientRect().top;
    if (anchor) delete anchor.dataset.readerAnchor;
    anchor = null;
    for (const bubble of el.querySelectorAll('.bubble')) {
      const box = bubble.getBoundingClientRect();
      if (box.bottom > top) {
        anchor = bubble;
        anchorTop = box.top;
        anchor.dataset.readerAnchor = '1';  // for the tests, and to see it in the inspector
        return;
      }
    }
  };
  // The scroll position the page last saw or set. A mutation can be observed before the scroll
  // event of the reader's own scroll is dispatched (that waits for the next frame): a scroller
  // found above this position has been scrolled up, whatever the pinned flag still says.
  let lastTop = 0;
  const toEnd = (el) => { el.scrollTop = el.scrollHeight; el.dataset.pinned = '1'; lastTop = el.scrollTop; };
  window.chatappScrollToEnd = () => {
    const el = document.getElementById('message-scroller');
    if (el) toEnd(el);
  };
  const attach = (el) => {
    if (!el || el.dataset.watched) return;
    el.dataset.watched = '1';
    el.dataset.pinned = atEnd(el) ? '1' : '';
    lastTop = el.scrollTop;
    new MutationObserver(() => {
      // (Found lower but at the very bottom: content went from above and the browser clamped.)
      const stayed = el.scrollTop >= lastTop - 1 || el.scrollHeight - el.scrollTop - el.clientHeight < 2;
      if (el.dataset.pinned && stayed) {
        toEnd(el);
      } else if (anchor && anchor.isConnected) {
        const moved = anchor.getBoundingClientRect().top - anchorTop;
        if (Math.abs(moved) >= 1) el.scrollTop += moved;
      }
    }).observe(el, {childList: true, subtree: true, characterData: true});
  };
  // Scroll events are caught for the whole document (they do not bubble, but they can be
  // captured), so a scroll is never missed in the moment before a new scroller is attached.
  let queued = false;
  document.addEventListener('scroll', (event) => {
    const el = event.target;
    if (!el || el.id !== 'message-scroller') return;
    attach(el);
    el.dataset.pinned = atEnd(el) ? '1' : '';
    lastTop = el.scrollTop;
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; if (!el.dataset.pinned) remember(el); });
  }, true);
  setInterval(() => attach(document.getElementById('message-scroller')), 300);

  // Tooltips: one element for the page, shown for whatever [data-tip] the pointer or focus is
  // on (a Radix tooltip per icon button cost each message bubble about 3 ms to render).
  const tip = document.createElement('div');
  tip.className = 'chat-tooltip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  const show = (event) => {
    const target = event.target.closest && event.target.closest('[data-tip]');
    if (!target) return;
    if (!tip.isConnected) document.body.appendChild(tip);
    tip.textContent = target.dataset.tip;
    tip.hidden = false;
    const box = target.getBoundingClientRect();
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const left = Math.min(Math.max(4, box.left + box.width / 2 - width / 2), window.innerWidth - width - 4);
    const top = box.top - height - 6 >= 4 ? box.top - height - 6 : box.bottom + 6;
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  };
  const hide = (event) => {
    const target = event.target.closest && event.target.closest('[data-tip]');
    if (target && !(event.relatedTarget && target.contains(event.relatedTarget))) tip.hidden = true;
  };
  document.addEventListener('mouseover', show);
  document.addEventListener('focusin', show);
  document.addEventListener('mouseout', hide);
  document.addEventListener('focusout', hide);
  document.addEventListener('click', () => { tip.hidden = true; });
  document.addEventListener('scroll', () => { tip.hidden = true; }, true);
})();
