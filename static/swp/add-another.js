// The GOV.UK "add another" pattern, enhanced: a new empty row appears in place instead of the
// page posting itself back. Without this script the button posts and the server adds the row.
for (const button of document.querySelectorAll("[data-add-another]")) {
  const prefix = button.dataset.addAnother;
  const template = document.getElementById(`${prefix}-empty-form`);
  const rows = document.getElementById(`${prefix}-rows`);
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  if (!template || !rows || !total) continue;

  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number.parseInt(total.value, 10);
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__number__", String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    // Move focus to the new row so keyboard and screen reader users land where they will type.
    const row = rows.lastElementChild;
    row?.querySelector("input:not([type=hidden]), select, textarea")?.focus();
  });
}

// Enter in a field submits a form through its first submit button, which on these forms is an
// "Add another" one: make Enter save the form, as it does on every other form of the service.
const addAnotherForms = new Set(Array.from(document.querySelectorAll("[data-add-another]"), (button) => button.form));
for (const form of addAnotherForms) {
  const save = form?.querySelector("button[type=submit]:not([data-add-another])");
  if (!form || !save) continue;
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      form.requestSubmit(save);
    }
  });
}
