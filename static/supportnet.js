// Progressive enhancement only: every page works without this file.
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('govuk-frontend-supported');
initAll();

// Forms marked data-sn-draft (the First Contact checklist, filled in on a
// phone with patchy signal) keep what was typed in this browser's storage
// until the server has it: restored when the form is opened again after a
// failed send, forgotten once a page without the form is reached after it
// was sent. Nothing personal stays once sent.
for (const form of document.querySelectorAll('form[data-sn-draft]')) {
  const key = `sn-draft:${form.dataset.snDraft}`;
  const skip = new Set(['csrf_token', 'form_id']);
  const fields = () => [...form.elements].filter((e) => e.name && !skip.has(e.name));
  try {
    const saved = JSON.parse(localStorage.getItem(key) || 'null');
    if (saved && !form.querySelector('.govuk-error-message')) {
      for (const e of fields()) {
        if (!(e.name in saved)) continue;
        if (e.type === 'radio' || e.type === 'checkbox') e.checked = saved[e.name] === e.value;
        else if (!e.value) e.value = saved[e.name];
      }
    }
  } catch { /* storage may be off: the server draft still works */ }
  const keep = () => {
    const v = {};
    for (const e of fields()) {
      if ((e.type === 'radio' || e.type === 'checkbox') && !e.checked) continue;
      v[e.name] = e.value;
    }
    try { localStorage.setItem(key, JSON.stringify(v)); } catch { /* full or off */ }
  };
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);
  form.addEventListener('submit', () => sessionStorage.setItem('sn-draft-sent', key));
}
// After a send the server answered with another page: the draft is safe there.
{
  const sent = sessionStorage.getItem('sn-draft-sent');
  if (sent && !document.querySelector(`form[data-sn-draft="${sent.slice('sn-draft:'.length)}"]`)) {
    try { localStorage.removeItem(sent); } catch { /* off */ }
    sessionStorage.removeItem('sn-draft-sent');
  }
}
