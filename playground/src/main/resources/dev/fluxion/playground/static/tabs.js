// The tab bar: each tab shows its <main> and hides the others. The address's #network opens the
// Network lab directly; a lab hears a "shown" event when its tab opens.
const tabs = [...document.querySelectorAll('[role=tab]')];

function select(tab) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
  }
  history.replaceState(null, '', tab.dataset.hash ? `#${tab.dataset.hash}` : location.pathname);
  document.getElementById(tab.getAttribute('aria-controls')).dispatchEvent(new Event('shown'));
}

for (const t of tabs) t.addEventListener('click', () => select(t));
select(tabs.find(t => t.dataset.hash && `#${t.dataset.hash}` === location.hash) ?? tabs[0]);
