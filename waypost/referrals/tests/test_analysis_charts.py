"""Charts are SVG that can sit inline in a page: valid XML with a title and description for
screen readers, no inline styles (the Content Security Policy forbids them), scaled by their
viewBox, ids of their own, nothing loaded from elsewhere, and the target as a labelled dashed
line."""

import re
from xml.etree import ElementTree as ET

from waypost.lib.charts import Bar, horizontal_bar_chart, percent_bar_chart

NS = "{http://www.w3.org/2000/svg}"


def _success(**kw) -> str:
    bars = [Bar("Jan to Mar\n2026", 66.6, "66.6%"), Bar("Apr to Jun\n2026", 100, "100%"),
            Bar("Jul 2026", 4, "4%")]  # fmt: skip
    return percent_bar_chart(
        bars,
        target=kw.pop("target", 98),
        chart_id="success-chart",
        title="Successful interventions",
        description="The figures.",
    )


def _sources() -> str:
    bars = [Bar("Hospital inpatient service", 14, "14"),
            Bar("Charity <& friends>", 3, "3", is_hatched=True)]  # fmt: skip
    return horizontal_bar_chart(
        bars,
        chart_id="sources-chart",
        title="Who referred",
        description="By source.",
        legend=("Duty to Refer", "Other"),
    )


def test_the_svg_is_valid_xml_with_a_title_and_description_read_out():
    root = ET.fromstring(_success())
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert (title.tag, title.text, title.get("id")) == (
        f"{NS}title", "Successful interventions", "success-chart-title"
    )  # fmt: skip
    assert (desc.tag, desc.text, desc.get("id")) == (
        f"{NS}desc",
        "The figures.",
        "success-chart-desc",
    )
    assert root.get("aria-labelledby") == "success-chart-title success-chart-desc"


def test_it_scales_to_its_container():
    root = ET.fromstring(_success())
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("width") is None and root.get("height") is None


def test_no_inline_styles_and_nothing_from_elsewhere():
    for svg in (_success(), _sources()):
        root = ET.fromstring(svg)
        assert root.find(f".//{NS}style") is None
        assert all("style" not in element.attrib for element in root.iter())
        assert root.find(f".//{NS}image") is None
        assert not re.search(r"(href|url\()[\"'(]?(https?:|//)", svg)
        assert "<text" in svg  # text as text, not drawn as paths


def test_ids_are_the_charts_own_and_every_reference_resolves():
    together = _success() + _sources()
    ids = re.findall(r' id="([^"]+)"', together)
    assert len(ids) == len(set(ids))
    assert all(i.startswith(("success-chart", "sources-chart")) for i in ids)
    references = re.findall(r"url\(#([^)]+)\)", together) + re.findall(r'href="#([^"]+)"', together)
    assert references and set(references) <= set(ids)


def test_the_target_is_a_dashed_line_labelled_with_its_value():
    root = ET.fromstring(_success(target=90))
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{NS}text"))
    assert "Target" in texts and "90%" in texts
    assert any(e.get("stroke-dasharray") for e in root.iter(f"{NS}path"))


def test_labels_are_escaped():
    svg = _sources()
    assert "Charity &lt;&amp; friends&gt;" in svg
    ET.fromstring(svg)


def test_many_periods_leave_the_values_to_the_table():
    bars = [Bar(f"Q{n}\n2026", 50 + n, f"{50 + n}%") for n in range(20)]
    svg = percent_bar_chart(bars, target=98, chart_id="long", title="t", description="d")
    texts = [
        "".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{NS}text") if "".join(t.itertext())
    ]
    assert "51%" not in texts
    assert "Q1 2026" in texts
