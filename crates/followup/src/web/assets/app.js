// followup's few enhancements. Every page works without them.
"use strict";
(function () {
  // The debrief: one section at a time on a phone, and a copy kept in this browser until the
  // server has it, so a locked phone or a lost connection loses nothing.
  const debrief = document.getElementById("debrief");
  if (debrief) {
    const key = debrief.dataset.draftKey;
    const fields = () => Array.from(debrief.elements).filter((e) => e.name);
    const snapshot = () => {
      const data = {};
      for (const e of fields()) {
        if (e.type === "radio") { if (e.checked) data[e.name] = e.value; } else data[e.name] = e.value;
      }
      return data;
    };
    try {
      const kept = JSON.parse(localStorage.getItem(key) || "null");
      if (kept) {
        for (const e of fields()) {
          if (!(e.name in kept)) continue;
          if (e.type === "radio") e.checked = kept[e.name] === e.value; else e.value = kept[e.name];
        }
        // What the browser kept goes to the server as soon as it can.
        setTimeout(() => debrief.dispatchEvent(new Event("change", { bubbles: true })), 50);
      }
    } catch (_) { /* a browser without storage still saves on the server */ }
    debrief.addEventListener("input", () => {
      try { localStorage.setItem(key, JSON.stringify(snapshot())); } catch (_) {}
    });
    document.body.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.elt === debrief && event.detail.successful) {
        try { localStorage.removeItem(key); } catch (_) {}
      }
    });
    document.body.addEventListener("htmx:sendError", () => {
      document.getElementById("save-status").textContent =
        "Offline: kept in this browser, and saved when the connection is back.";
    });
    // One section at a time on a narrow screen.
    const steps = Array.from(debrief.querySelectorAll(".step"));
    const nav = debrief.querySelector(".step-nav");
    if (window.matchMedia("(max-width: 40rem)").matches && steps.length > 1 && nav) {
      let current = 0;
      const show = () => {
        steps.forEach((s, n) => s.classList.toggle("current", n === current));
        nav.querySelector("[data-step-count]").textContent = `${current + 1} of ${steps.length}`;
        nav.querySelector('[data-step="-1"]').disabled = current === 0;
        nav.querySelector('[data-step="1"]').disabled = current === steps.length - 1;
      };
      debrief.classList.add("stepping");
      nav.hidden = false;
      nav.addEventListener("click", (event) => {
        const step = Number(event.target.dataset.step || 0);
        if (!step) return;
        current = Math.max(0, Math.min(steps.length - 1, current + step));
        show();
        steps[current].querySelector("h2").scrollIntoView();
        const first = steps[current].querySelector("input, textarea");
        if (first) first.focus();
      });
      show();
    }
  }

  // The letter: copy it, and keep the mail app's link in step with the text as edited.
  const letter = document.getElementById("letter");
  if (letter) {
    const copy = letter.querySelector("[data-copy]");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", async () => {
        const text = `Subject: ${letter.subject.value}\n\n${letter.body.value}`;
        await navigator.clipboard.writeText(text);
        copy.textContent = "Copied";
      });
    }
    const mailto = letter.querySelector("[data-mailto]");
    if (mailto) {
      const address = mailto.getAttribute("href").slice(7).split("?")[0];
      letter.addEventListener("input", () => {
        const body = letter.body.value.replace(/\r?\n/g, "\r\n");
        mailto.href = `mailto:${address}?subject=${encodeURIComponent(letter.subject.value)}&body=${encodeURIComponent(body)}`;
      });
    }
  }

  // The calendar's address in full, to paste into a calendar app.
  const calendar = document.getElementById("calendar-url");
  if (calendar && calendar.textContent.startsWith("/")) {
    calendar.textContent = location.origin + calendar.textContent;
  }
})();
