"""Charts as inline SVG, drawn with matplotlib, for pages that show the same figures in a table
beside them.

The SVG is rewritten for the page it goes into:
- `role="img"` with `aria-labelledby` pointing at its own <title> and <desc>, so a screen
  reader announces a text alternative (the table beside it has the figures);
- no `style` attributes or <style> element: the Content Security Policy forbids inline
  styles, so each declaration becomes the equivalent SVG presentation attribute;
- a viewBox and no width or height, so it scales to its container (no sideways scrolling on a
  phone);
- ids prefixed with the chart's own id, so two charts on one page never share one;
- text as text, in the page's font; nothing loaded from anywhere else.

matplotlib is used through `Figure` directly (no pyplot, no global figure state), under a lock
because rcParams are process-wide.
"""

import io
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET  # noqa: S405  (we parse only what matplotlib wrote)

from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# GOV.UK colours, each at least 3:1 against white (WCAG 1.4.11): blue 5.2:1, black 19:1,
# dark grey 7:1.
BLUE = "#1d70b8"
BLACK = "#0b0c0c"
DARK_GREY = "#505a5f"
FONT_FAMILY = "arial, sans-serif"  # GOV.UK Frontend's font outside gov.uk domains
FONT_SIZE = 14

_RC = {
    "svg.fonttype": "none",  # text as <text>, not paths
    "svg.hashsalt": "waypost",  # the same chart gives the same SVG
    "font.size": FONT_SIZE,
    "text.color": BLACK,
    "axes.edgecolor": BLACK,
    "axes.labelcolor": BLACK,
    "xtick.color": BLACK,
    "ytick.color": BLACK,
    "hatch.linewidth": 1.5,
}
# More bars than this (a long period by quarter) go unlabelled: the table has the values.
MAX_LABELLED_BARS = 8
_LOCK = threading.Lock()


@contextmanager
def drawing(figsize: tuple[float, float]) -> Iterator["Figure"]:
    """A new figure in Waypost's chart style, drawn under the lock. matplotlib is imported
    here, on first use: importing it when the module loads cost every process (each web
    worker, each manage.py command) over a second at start-up."""
    import matplotlib
    from matplotlib.figure import Figure

    with _LOCK, matplotlib.rc_context(_RC):
        yield Figure(figsize=figsize, layout="constrained")


_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no bar (no figures, or too few to show), just its label
    value_label: str  # written at the end of the bar, like "82%" or "14", or "Not shown"
    is_hatched: bool = False  # a second series, told apart by pattern as well as colour


def percent_bar_chart(
    bars: Sequence[Bar],
    *,
    target: int,
    chart_id: str,
    title: str,
    description: str,
) -> SafeString:
    """Vertical bars from 0 to 100% with the target as a dashed line labelled with its value."""
    with drawing((6, 4.2)) as figure:
        axes = figure.add_subplot()
        positions = range(len(bars))
        heights = [bar.value or 0.0 for bar in bars]
        drawn = axes.bar(positions, heights, color=BLUE, width=0.6, zorder=2)
        if len(bars) <= MAX_LABELLED_BARS:
            _label_percent_bars(axes, drawn, bars)
        axes.axhline(target, color=BLACK, linestyle=(0, (6, 3)), linewidth=2, zorder=3)
        axes.annotate(
            f"Target\n{target}%",
            xy=(1.0, target),
            xycoords=("axes fraction", "data"),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontweight="bold",
        )
        if len(bars) <= MAX_LABELLED_BARS:
            axes.set_xticks(list(positions), [bar.label for bar in bars])
        else:  # many periods: one line each, turned on end
            axes.set_xticks(list(positions), [bar.label.replace("\n", " ") for bar in bars])
            axes.tick_params(axis="x", labelrotation=90)
        axes.set_ylim(0, 104)
        axes.set_yticks([0, 20, 40, 60, 80, 100], ["0%", "20%", "40%", "60%", "80%", "100%"])
        axes.set_xlim(-0.6, max(len(bars), 1) - 0.4)
        _plain(axes)
        axes.grid(axis="y", color="#b1b4b6", linewidth=0.8, zorder=0)
        return _svg(figure, chart_id=chart_id, title=title, description=description)


def _label_percent_bars(axes: Any, drawn: Any, bars: Sequence[Bar]) -> None:
    # Values inside tall bars (white on blue, 5.2:1), above short ones: never on the line.
    inside = [bar.value is not None and bar.value >= 20 for bar in bars]
    axes.bar_label(
        drawn,
        labels=[bar.value_label if tall else "" for bar, tall in zip(bars, inside, strict=True)],
        padding=-18,
        color="white",
        fontweight="bold",
    )
    axes.bar_label(
        drawn,
        labels=[
            "" if tall else bar.value_label.replace(" ", "\n")
            for bar, tall in zip(bars, inside, strict=True)
        ],
        padding=3,
    )


def horizontal_bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    legend: tuple[str, str] | None = None,
) -> SafeString:
    """Horizontal bars, largest first; hatched bars are the second series in the legend."""
    with drawing((6, 1.3 + 0.5 * max(len(bars), 1))) as figure:
        axes = figure.add_subplot()
        positions = list(range(len(bars)))
        drawn = axes.barh(
            positions,
            [bar.value or 0.0 for bar in bars],
            color=[DARK_GREY if bar.is_hatched else BLUE for bar in bars],
            hatch=["//" if bar.is_hatched else "" for bar in bars],
            edgecolor="white",
            height=0.65,
            zorder=2,
        )
        axes.bar_label(drawn, labels=[bar.value_label for bar in bars], padding=3)
        axes.set_yticks(positions, [bar.label for bar in bars])
        axes.invert_yaxis()
        axes.set_xlim(0, max([bar.value or 0.0 for bar in bars] + [1.0]) * 1.15)
        axes.xaxis.get_major_locator().set_params(integer=True)
        _plain(axes)
        axes.grid(axis="x", color="#b1b4b6", linewidth=0.8, zorder=0)
        if legend:
            from matplotlib.patches import Patch

            figure.legend(
                handles=[
                    Patch(facecolor=BLUE, edgecolor="white", label=legend[0]),
                    Patch(facecolor=DARK_GREY, edgecolor="white", hatch="//", label=legend[1]),
                ],
                loc="outside upper center",
                ncols=2,
                frameon=False,
            )
        return _svg(figure, chart_id=chart_id, title=title, description=description)


def _plain(axes: object) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)  # type: ignore[attr-defined]


def _svg(figure: "Figure", *, chart_id: str, title: str, description: str) -> SafeString:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=_NO_METADATA)
    return mark_safe(  # noqa: S308  (built by ElementTree, which escapes every label)
        accessible_svg(buffer.getvalue(), chart_id=chart_id, title=title, description=description)
    )


def accessible_svg(svg: str, *, chart_id: str, title: str, description: str) -> str:
    """matplotlib's SVG made fit to sit inline in a page (see the module docstring)."""
    root = ET.fromstring(_without_doctype(svg))  # noqa: S314  (matplotlib's own output)
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("id", chart_id)
    root.set("focusable", "false")
    # The stylesheet matplotlib adds applies to every element: inherited attributes instead.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    for defs in root.findall(f"{{{SVG_NS}}}defs"):
        for style in defs.findall(f"{{{SVG_NS}}}style"):
            defs.remove(style)
    ids = _renamed_ids(root, chart_id)
    for element in root.iter():
        _style_to_attributes(element)
        _rename_references(element, ids)
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{chart_id}-title"})
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{chart_id}-desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    # Registered on every call: the prefix map is process-wide and other libraries
    # (WeasyPrint) change it, which would turn <svg> into <ns0:svg>.
    ET.register_namespace("", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _without_doctype(svg: str) -> str:
    return re.sub(r"^.*?(?=<svg[\s>])", "", svg, count=1, flags=re.DOTALL)


def _renamed_ids(root: ET.Element, prefix: str) -> dict[str, str]:
    """Keep only the ids something refers to (clip paths, markers, hatches), renamed."""
    referenced = set()
    for element in root.iter():
        for value in element.attrib.values():
            referenced.update(re.findall(r"url\(#([^)]+)\)", value))
        href = element.get(f"{{{XLINK_NS}}}href") or element.get("href") or ""
        if href.startswith("#"):
            referenced.add(href[1:])
    renamed: dict[str, str] = {}
    for element in root.iter():
        old = element.get("id")
        if old is None or element is root:
            continue
        if old in referenced:
            renamed[old] = f"{prefix}-{len(renamed) + 1}"
            element.set("id", renamed[old])
        else:
            del element.attrib["id"]
    return renamed


def _rename_references(element: ET.Element, ids: dict[str, str]) -> None:
    href = element.attrib.pop(f"{{{XLINK_NS}}}href", None)
    if href is not None:
        element.set("href", href)
    for name, value in list(element.attrib.items()):
        if name == "href" and value.startswith("#"):
            element.set(name, "#" + ids.get(value[1:], value[1:]))
        elif "url(#" in value:
            element.set(
                name, re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{ids.get(m[1], m[1])})", value)
            )


def _style_to_attributes(element: ET.Element) -> None:
    style = element.attrib.pop("style", None)
    if not style:
        return
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name:
            continue
        if name == "font":  # "font: bold 12px 'DejaVu Sans'": size and weight are what matter
            for part in value.split():
                if part.endswith("px"):
                    element.set("font-size", part)
                elif part in ("bold", "normal", "italic"):
                    element.set("font-weight" if part != "italic" else "font-style", part)
            element.set("font-family", FONT_FAMILY)
        elif name == "font-family":
            element.set("font-family", FONT_FAMILY)
        else:
            element.set(name, value)
