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
