"""Where returns come from: the built-in declarations (`builtin/*.yaml`) and the ones an
administrator declared (`ReturnDefinition`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .spec import ReturnSpec, SpecError, load_text, parse

BUILTIN_DIR = Path(__file__).with_name("builtin")
# The order of the built-in returns in lists (the seven lines, as the bureau reports them).
ORDER = (
    "mediation",
    "reconsideration",
    "litigation",
    "litigation_hearings",
    "legalaid_cases",
    "legalaid_plea",
    "legalaid_consultations",
    "correction",
    "notary",
    "enforcement",
)
MSG_UNKNOWN_RETURN = "报表“{name}”不存在。可用的报表：{names}。"


@lru_cache(maxsize=1)
def builtin() -> dict[str, ReturnSpec]:
    out = {}
    for path in sorted(BUILTIN_DIR.glob("*.yaml")):
        spec = parse(load_text(path.read_text(encoding="utf-8")))
        if spec.name != path.stem:
            raise SpecError([f"{path.name}: name {spec.name} differs from the file name"])
        out[spec.name] = spec
    rank = {n: i for i, n in enumerate(ORDER)}
    return dict(sorted(out.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def declared() -> dict[str, ReturnSpec]:
    """The administrator's returns that are in use and still valid."""
    from .models import ReturnDefinition

    out = {}
    for d in ReturnDefinition.objects.filter(active=True).order_by("name"):
        try:
            out[d.name] = d.spec()
        except SpecError:
            continue  # a field it counted on has gone: left out rather than break every list
    return out


def all_returns() -> dict[str, ReturnSpec]:
    return {**builtin(), **declared()}


def get(name: str) -> ReturnSpec:
    found = all_returns()
    if name not in found:
        raise KeyError(MSG_UNKNOWN_RETURN.format(name=name, names="、".join(found)))
    return found[name]
