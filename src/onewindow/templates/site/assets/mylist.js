// 我的清单 (onewindow): keep the materials the citizen's answers call for; the answers live in
// the address (?s=<situation>&c=<question>,<question>) so a shared or printed link reopens them.
(() => {
  "use strict";
  const box = document.querySelector("[data-mylist]");
  if (!box) return;
  const form = box.querySelector("form");
  const params = new URLSearchParams(location.search);

  function answers() {
    const s = form ? (form.querySelector("input[name=s]:checked") || {}).value || "" : "";
    const c = form ? [...form.querySelectorAll("input[name=c]:checked")].map((i) => i.value) : [];
    return { s, c };
  }

  function restore() {
    if (!form) return;
    const s = params.get("s");
    const radio = s && [...form.querySelectorAll("input[name=s]")].find((i) => i.value === s);
    if (radio) radio.checked = true;
    const chosen = new Set((params.get("c") || "").split(",").filter(Boolean));
    for (const box of form.querySelectorAll("input[name=c]")) box.checked = chosen.has(box.value);
  }

  function apply(remember) {
    const { s, c } = answers();
    const yes = new Set(c);
    let shown = 0;
    for (const el of box.querySelectorAll("[data-s], [data-c]")) {
      const sits = (el.dataset.s || "").split(" ").filter(Boolean);
      const q = el.dataset.c || "";
      const on = (!sits.length || !s || sits.includes(s)) && (!q || yes.has(q));
      el.hidden = !on;
      if (on && el.tagName === "LI") shown++;
    }
    box.querySelector(".ow-mylist__n").textContent = `（${shown} 项）`;
    box.classList.add("ow-mylist--filtered");
    if (!form || !remember) return;  // the address changes only when the citizen answers
    const url = new URL(location.href);
    if (s) url.searchParams.set("s", s); else url.searchParams.delete("s");
    if (c.length) url.searchParams.set("c", c.join(",")); else url.searchParams.delete("c");
    history.replaceState(history.state, "", url);
  }

  restore();
  apply(false);
  if (form) form.addEventListener("change", () => apply(true));
  const print = box.querySelector("[data-print-list]");
  print.hidden = false;
  print.addEventListener("click", () => {
    document.body.classList.add("ow-print-mylist");
    window.print();
  });
  window.addEventListener("afterprint", () => document.body.classList.remove("ow-print-mylist"));
})();
