// Progressive enhancement only: every form works without this file.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) select.form.requestSubmit();
});
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-autosubmit-button]")) button.hidden = true;
});
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// Project sections: on narrow screens the CSS shows a disclosure button instead of the tabs.
function setUpSectionsToggle() {
  const toggle = document.querySelector("[data-tabs-toggle]");
  if (!toggle) return;
  const nav = document.getElementById(toggle.getAttribute("aria-controls"));
  const current = nav.querySelector('[aria-current="page"]');
  if (current) toggle.querySelector("[data-tabs-current]").textContent = ": " + current.textContent.trim();
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  };
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  for (const element of [toggle, nav]) {
    element.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }
}

// A table wider than its box scrolls inside it: the box becomes a named, focusable region
// (so keyboard users can scroll it) and a visible hint says so.
const SCROLL_BOXES = ".table-wrap, .timeline-wrap, .grid-scroll, .chart";
let scrollHintCount = 0;
function markScrollable(box) {
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  box.classList.toggle("is-scrollable", scrolls);
  let hint = box.previousElementSibling;
  if (!hint || !hint.classList.contains("scroll-hint")) {
    if (!scrolls) return;
    hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.id = `scroll-hint-${++scrollHintCount}`;
    const chart = box.classList.contains("chart") && document.body.dataset.scrollHintChart;
    hint.textContent = chart || document.body.dataset.scrollHint || "";
    box.before(hint);
  }
  hint.hidden = !scrolls;
  if (scrolls) {
    box.tabIndex = 0;
    box.setAttribute("aria-describedby", hint.id);
    if (!box.hasAttribute("role")) box.setAttribute("role", "region");
    if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
      const caption = box.querySelector("caption");
      const heading = box.closest("section, .card")?.querySelector("h2, h3");
      box.setAttribute("aria-label", (caption || heading || hint).textContent.trim());
    }
  } else if (box.getAttribute("tabindex") === "0") {
    box.removeAttribute("tabindex");
  }
}
const scrollObserver = "ResizeObserver" in window ? new ResizeObserver((entries) => {
  for (const entry of entries) markScrollable(entry.target);
}) : null;
function watchScrollBoxes(root) {
  for (const box of root.querySelectorAll(SCROLL_BOXES)) {
    markScrollable(box);
    scrollObserver?.observe(box);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setUpSectionsToggle();
  watchScrollBoxes(document);
});
document.addEventListener("htmx:afterSettle", (event) => watchScrollBoxes(event.target));

// A multi-select becomes a searchable chip picker: type to filter, arrows to move, Enter to
// choose, Backspace in the empty box to drop the last choice. The <select multiple> stays in
// the form (hidden) and carries the choices, so the server sees the same fields as without it.
function chipPicker(select) {
  const labels = document.body.dataset;
  const label = document.querySelector(`label[for="${select.id}"]`);
  const picker = document.createElement("div");
  picker.className = "chip-picker";
  const chips = document.createElement("ul");
  chips.className = "chips";
  const input = document.createElement("input");
  input.type = "text";
  input.id = `${select.id}_search`;
  input.autocomplete = "off";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", `${select.id}_options`);
  input.placeholder = labels.pickerSearch || "";
  const list = document.createElement("ul");
  list.id = `${select.id}_options`;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-multiselectable", "true");
  list.className = "chip-options";
  list.hidden = true;
  if (label) {
    label.htmlFor = input.id;
    label.id ||= `${select.id}_label`;
    list.setAttribute("aria-labelledby", label.id);
    chips.setAttribute("aria-labelledby", label.id);
  }
  const help = document.getElementById(`${select.id}_helptext`);
  if (help && select.dataset.pickerHideHelp !== undefined) help.hidden = true;
  const options = [...select.options].map((option, index) => {
    const item = document.createElement("li");
    item.id = `${select.id}_option_${index}`;
    item.setAttribute("role", "option");
    item.textContent = option.textContent;
    item.addEventListener("mousedown", (event) => event.preventDefault());
    item.addEventListener("click", () => toggle(index));
    list.append(item);
    return { option, item };
  });
  let active = -1;
  const visible = () => options.filter(({ item }) => !item.hidden);
  function render() {
    chips.replaceChildren();
    options.forEach(({ option, item }, index) => {
      item.setAttribute("aria-selected", String(option.selected));
      if (!option.selected) return;
      const chip = document.createElement("li");
      chip.className = "chip-choice";
      const text = document.createElement("span");
      text.textContent = option.textContent;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove";
      remove.setAttribute("aria-label", `${labels.pickerRemove || "Remove"} ${option.textContent}`);
      remove.textContent = "×";
      remove.addEventListener("click", () => { toggle(index); input.focus(); });
      chip.append(text, remove);
      chips.append(chip);
    });
  }
  function toggle(index) {
    options[index].option.selected = !options[index].option.selected;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    render();
  }
  function setOpen(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (!open) setActive(-1);
  }
  function setActive(index) {
    options.forEach(({ item }) => item.classList.remove("is-active"));
    active = index;
    if (index < 0) { input.removeAttribute("aria-activedescendant"); return; }
    options[index].item.classList.add("is-active");
    input.setAttribute("aria-activedescendant", options[index].item.id);
    options[index].item.scrollIntoView({ block: "nearest" });
  }
  function filter() {
    const needle = input.value.trim().toLocaleLowerCase();
    for (const { item } of options) item.hidden = !item.textContent.toLocaleLowerCase().includes(needle);
    const first = visible()[0];
    setActive(first ? options.findIndex((o) => o === first) : -1);
  }
  function move(step) {
    const shown = visible();
    if (!shown.length) return;
    const at = shown.findIndex((o) => options.indexOf(o) === active);
    const next = shown[(at + step + shown.length) % shown.length];
    setActive(options.indexOf(next));
  }
  input.addEventListener("input", () => { setOpen(true); filter(); });
  input.addEventListener("focus", () => { setOpen(true); filter(); });
  input.addEventListener("blur", () => setOpen(false));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) { setOpen(true); filter(); }
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      toggle(active);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === "Backspace" && !input.value) {
      const last = options.map((o) => o.option.selected).lastIndexOf(true);
      if (last >= 0) toggle(last);
    }
  });
  picker.append(chips, input, list);
  select.after(picker);
  select.hidden = true;
  render();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[multiple]")) chipPicker(select);
});

// Content that htmx swaps in gets the same enhancements as the page had at load.
document.addEventListener("htmx:afterSettle", (event) => {
  for (const button of event.target.querySelectorAll("[data-autosubmit-button]")) button.hidden = true;
  for (const select of event.target.querySelectorAll("select[multiple]:not([hidden])")) chipPicker(select);
  if (event.target.querySelector("[data-tabs-toggle]")) setUpSectionsToggle();
});
