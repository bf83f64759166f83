"""hooks/palette_switching.py on a stylesheet of its own, and on one from a material that changed."""

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from tests.site_build import built_material_file, hook_module

palette_switching = hook_module("palette_switching")
RULE = "[data-md-color-switching] *,[data-md-color-switching] :after{transition-duration:0s!important}"


def built_sheet(tmp_path, css: str):
    return built_material_file(tmp_path, "stylesheets/palette.0123abcd.min.css", css)


def test_the_rule_answers_to_our_attribute_and_a_second_build_keeps_it(tmp_path):
    sheet, config = built_sheet(tmp_path, RULE)
    for _ in range(2):  # i18n builds the other language into the same site
        palette_switching.on_post_build(config)
        assert sheet.read_text(encoding="utf-8") == RULE.replace("data-md-color-switching", "data-palette-switching")


def test_a_stylesheet_without_the_rule_fails_naming_it(tmp_path):
    sheet, config = built_sheet(tmp_path, "[data-md-color-scheme=slate]{color-scheme:dark}")
    with pytest.raises(PluginError, match=rf"{sheet.name} has no \[data-md-color-switching\] rule"):
        palette_switching.on_post_build(config)


def test_no_palette_stylesheet_fails_naming_the_folder(tmp_path):
    with pytest.raises(PluginError, match="no palette.*.min.css in"):
        palette_switching.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))
