// While the reader switches the palette, <body> carries data-palette-switching, under which
// material's stylesheet turns transitions off (hooks/palette_switching.py), so colours change at
// once. Set in the capture phase, before material's own listener changes the colours and makes
// the browser style the page; removed at the next frame, when material removes its own attribute.
document.addEventListener("change", (event) => {
  if (!event.target.closest("[data-md-component=palette]")) return;
  document.body.setAttribute("data-palette-switching", "");
  requestAnimationFrame(() => document.body.removeAttribute("data-palette-switching"));
}, { capture: true });
