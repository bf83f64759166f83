// The copy button of a `pycon` block copies runnable code: the statements without their
// `>>> ` / `... ` prompts, and none of the outputs. Material copies an ancestor's data-copy
// attribute when there is one, so each pycon block gets that attribute.
function runnableCode(text) {
  return text
    .split("\n")
    .filter((line) => line.startsWith(">>> ") || line.startsWith("... ") || line === "..." || line === ">>>")
    .map((line) => line.slice(4))
    .join("\n");
}

function markPyconBlocks() {
  for (const code of document.querySelectorAll(".language-pycon pre > code")) {
    code.setAttribute("data-copy", runnableCode(code.textContent));
  }
}

if (typeof document$ !== "undefined") {
  document$.subscribe(markPyconBlocks); // material's page-load signal, also after instant navigation
} else {
  markPyconBlocks();
}
