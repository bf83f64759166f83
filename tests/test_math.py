"""Formulas: LaTeX in the pages, MathML in the site (hooks/formulas.py), the same in both languages."""

from pathlib import Path

import pytest

from tests.checks import parity_problems
from tests.site_build import build_site, hook_module

FIXTURES = Path(__file__).parent / "fixtures"

hook = hook_module("formulas")


@pytest.mark.parametrize("latex", [
    r"L = \frac{1}{n}\sum_{i=1}^{n} (y_i - \hat y_i)^2",
    r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial y}\frac{\partial y}{\partial x}",
    r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}",
    r"v_t = \mu v_{t-1} + g_t,\quad \theta_t = \theta_{t-1} - \eta v_t",
    r"W \sim \mathcal{U}\left(-\sqrt{\frac{6}{n_\text{in} + n_\text{out}}}, \sqrt{\frac{6}{n_\text{in} + n_\text{out}}}\right)",
    r"\begin{aligned} a &= b \\ c &= d \end{aligned}",
    r"\hat m_t = \frac{m_t}{1 - \beta_1^t}",
    r"\{x\} \cup \{y\}",
])
def test_formulas_convert_to_mathml(latex):
    assert hook.mathml(latex, "block").startswith("<math ")


@pytest.mark.parametrize("latex, reason", [
    (r"\frac{a}{b", "1 '{' not closed"),
    (r"a}", "a '}' closes no '{'"),
    (r"\frca{a}{b}", r"unknown command '\frca'"),
    (r"\frac{a}", "<mfrac> needs 2 arguments, got 1"),
    (r"x_", "MissingSuperScriptOrSubscriptError"),
    (r"\left( x", "ExtraLeftOrMissingRightError"),
    (r"\begin{eqnarray} a \end{eqnarray}", "unknown environment 'eqnarray'"),
    (r"a & b", "'&' outside an environment"),
])
def test_a_formula_that_does_not_parse_is_refused(latex, reason):
    with pytest.raises(hook.FormulaError) as raised:
        hook.mathml(latex, "inline")
    assert reason in str(raised.value)


def test_a_formula_that_does_not_parse_fails_the_build_naming_page_and_line(tmp_path):
    result = build_site(tmp_path, FIXTURES / "math" / "mkdocs.yml")
    assert result.returncode != 0
    assert ("tests/fixtures/math/docs/index.md:8: formula does not parse: "
            r"$\frac{\partial L}{\partial w = x^\top (\hat y - y)$: 1 '{' not closed") in result.stderr, result.stderr


def test_formulas_must_match_between_languages():
    problems = parity_problems(FIXTURES / "docs")
    assert ("tests/fixtures/docs/en/formula.md:9: formula differs from tests/fixtures/docs/zh/formula.md:9; "
            "code, directives and anchors must match") in problems, problems
