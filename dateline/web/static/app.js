// Dateline: the only script. Filter forms drop their empty fields on submit, so a
// filtered page has a short URL that is worth sharing (?dyad=USA-PAK, not ?dyad=USA-PAK&country=&...).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input").forEach(function (input) {
        if (!input.value.trim()) { input.disabled = true; }
      });
    });
  });
});
