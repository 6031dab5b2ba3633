// Search suggestions: every <input data-suggestions> becomes an ARIA 1.2 combobox listing
// GET /api/v1/suggestions?q= (names with accents ignored, codes, deputies, custom perimeters).
//
// Without JavaScript the input is a plain field of a GET form (/recherche or /comparer), so
// this script only adds the list. Keyboard: ↓/↑ move in the list, Entrée opens the option shown
// as active (or submits the form when none is), Échap closes the list, Tab leaves it.
// data-suggestions="page": choosing opens the territory page; "code": it fills the field with
// the territory's unambiguous code (reg-32, ti-3212:2…) and submits the form.

const DELAI_MS = 150;
const LIMITE = 8;

function combobox(input) {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  if (!list) return;
  const mode = input.dataset.suggestions || "page";
  const status = document.createElement("p");
  status.className = "fr-sr-only";
  status.setAttribute("aria-live", "polite");
  list.after(status);
  let items = [];
  let active = -1;
  let timer = null;
  let lastQuery = "";
  let controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((li, i) => li.setAttribute("aria-selected", i === index ? "true" : "false"));
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(s) {
    close();
    if (mode === "code") {
      input.value = s.cle;
      input.form.requestSubmit();
    } else {
      window.location.assign(s.url);
    }
  }

  function render(suggestions) {
    items = suggestions;
    list.replaceChildren();
    suggestions.forEach((s, i) => {
      const li = document.createElement("li");
      li.id = `${list.id}-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.code = s.code;
      const nom = document.createElement("span");
      nom.textContent = s.nom;
      const type = document.createElement("span");
      type.className = "vigie-suggestions__type";
      type.textContent = `${s.libelle} ${s.code}${s.precision ? " (" + s.precision + ")" : ""}`;
      li.append(nom, type);
      li.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the field
      li.addEventListener("click", () => choose(s));
      list.append(li);
    });
    active = -1;
    const open = suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    status.textContent = open ? `${suggestions.length} suggestion${suggestions.length > 1 ? "s" : ""}`
                              : "Aucune suggestion";
  }

  async function fetchSuggestions(q) {
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const url = `/api/v1/suggestions?${new URLSearchParams({q, limit: LIMITE})}`;
      const response = await fetch(url, {signal: controller.signal, headers: {Accept: "application/json"}});
      if (!response.ok) { render([]); return; } // a 422 for a query of punctuation only: no list
      const body = await response.json();
      if (input.value.trim() === q) render(body.suggestions);
    } catch (error) {
      if (error.name !== "AbortError") render([]);
    }
  }

  input.addEventListener("input", () => {
    const q = input.value.trim();
    clearTimeout(timer);
    if (q === lastQuery) return;
    lastQuery = q;
    if (!q) { render([]); close(); return; }
    timer = setTimeout(() => fetchSuggestions(q), DELAI_MS);
  });

  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && items.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      if (items.length) setActive((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (open) setActive(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open && active >= 0) { event.preventDefault(); choose(items[active]); }
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); close(); }
    }
  });

  input.addEventListener("blur", () => setTimeout(close, 100));
}

document.querySelectorAll("input[data-suggestions]").forEach(combobox);
