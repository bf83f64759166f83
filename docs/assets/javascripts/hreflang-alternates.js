// material fetches `sitemap.xml` next to every <link rel="alternate"> when the page loads, to keep
// the reader on the same page when switching language. It expects those links to be language
// roots; ours name the same page in the other language (for search engines), so it would request
// /basics/tensors/sitemap.xml and /en/basics/tensors/sitemap.xml: two 404s and console errors on
// every page. Our language switcher already links to the same page, so hide the alternates while
// material looks for them and put them back after. This runs after material's bundle and before
// DOMContentLoaded (both deferred, hooks/defer_scripts.py), so material's DOMContentLoaded
// listener, registered first, runs first.
const alternates = [...document.querySelectorAll('link[rel="alternate"][hreflang]')];
for (const link of alternates) link.rel = "alternate-hidden";
document.addEventListener("DOMContentLoaded", () => {
  for (const link of alternates) link.rel = "alternate";
}, { once: true });
