// Mirrors src/lib/theme.ts; runs before the bundle so the first paint uses the right theme.
(function () {
  try {
    var stored = localStorage.getItem('cloud-backup.theme');
    var dark = stored ? stored === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
    if (dark) document.documentElement.classList.add('dark');
  } catch (e) {
    /* storage may be unavailable; the app applies the theme again on start */
  }
})();
