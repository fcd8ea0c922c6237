// Sets the theme before the first paint, so a dark system never flashes light. (A file, not inline: the CSP.)
(function () {
  var choice = null;
  try {
    choice = localStorage.getItem('resnet-explorer.theme');
  } catch (e) {
    // storage disabled: follow the system
  }
  var dark = choice === 'dark' || (choice !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
})();
