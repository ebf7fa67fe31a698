// Glossary terms and citation previews (book/site/glossary.py, book/site/previews.py).
// Citation links are wrapped with an empty tip at load; the references file is fetched
// the first time a reader points at or tabs to one, so pages carry no extra weight.
(() => {
  const referencesUrl = new URL("citations.json", document.currentScript.src);
  let references = null;
  const load = () => (references ??= fetch(referencesUrl).then((r) => r.json()));

  const fill = (tip, anchor) =>
    load().then((data) => {
      const ref = data[anchor];
      if (!ref || tip.childElementCount || tip.textContent) return;
      tip.append(ref.text + " ");
      if (ref.url) {
        const link = document.createElement("a");
        link.href = ref.url;
        link.textContent = ref.url;
        tip.append(link);
      }
    });

  let n = 0;
  for (const link of document.querySelectorAll('a.reference.internal[href*="bibliography.html#"], a.reference.internal[href^="#id"]')) {
    if (link.closest(".book-tip-anchor, #bibliography, .bibliography")) continue;
    const anchor = link.getAttribute("href").split("#")[1];
    if (!/^id\d+$/.test(anchor)) continue;
    const wrapper = document.createElement("span");
    wrapper.className = "book-tip-anchor book-cite";
    const tip = document.createElement("span");
    tip.className = "book-tip";
    tip.id = `cite-tip-${++n}`;
    link.setAttribute("aria-describedby", tip.id);
    link.replaceWith(wrapper);
    wrapper.append(link, tip);
    for (const event of ["mouseenter", "focusin"]) wrapper.addEventListener(event, () => fill(tip, anchor));
  }

  // Escape hides the tip in view (WCAG 1.4.13); pointing or focusing again shows it.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    for (const a of document.querySelectorAll(".book-tip-anchor:hover, .book-tip-anchor:focus-within")) a.classList.add("book-tip-dismissed");
  });
  // Entering a term or citation again (pointer or focus) shows its tip again.
  const reset = (e) => {
    const anchor = e.target instanceof Element && e.target.closest(".book-tip-anchor");
    if (anchor && (e.type === "focusin" || e.target === anchor)) anchor.classList.remove("book-tip-dismissed");
  };
  document.addEventListener("mouseenter", reset, true);
  document.addEventListener("focusin", reset);
})();
