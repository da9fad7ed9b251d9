// Behaviour shared by the console's pages, here rather than inline: the pages' Content-Security-Policy
// runs scripts from the engine only.
document.addEventListener('DOMContentLoaded', () => {
  // A form that asks first (abort a run).
  document.querySelectorAll('form[data-confirm]').forEach(form => form.addEventListener('submit', event => {
    if (!confirm(form.dataset.confirm)) event.preventDefault();
  }));
  // "Back" on a refused action.
  document.querySelectorAll('a[data-back]').forEach(link => link.addEventListener('click', event => {
    event.preventDefault();
    history.back();
  }));
  // A list with something still going reloads itself.
  const refresh = document.querySelector('[data-refresh-seconds]');
  if (refresh) setTimeout(() => location.reload(), 1000 * Number(refresh.dataset.refreshSeconds));
});
