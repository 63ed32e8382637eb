"""Semantic rules over the whole catalog. Each rule is a generator of Findings.

Rules are listed explicitly here (not registered by decorators) so the order and the
complete set are visible in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from onewindow.check.problems import Finding
from onewindow.check.rules import (
    audit,
    basis,
    bundles,
    dates,
    glyphs,
    laws,
    materials,
    placeholders,
    references,
    timing,
    wording,
)
from onewindow.check.rules.index import Index

Rule = Callable[[Index], Iterator[Finding]]

RULES: tuple[Rule, ...] = (
    references.registers_present,
    references.file_names_match,
    references.item_codes_unique,
    references.ids_unique,
    references.references_resolve,
    references.assets_inside_catalog,
    wording.materials_named_exactly,
    wording.conditions_stated_exactly,
    basis.every_requirement_has_basis,
    laws.citations_current,
    laws.register_consistent,
    materials.conditional_materials_say_when,
    materials.secondary_materials_have_deadline,
    materials.shared_materials_not_asked,
    timing.committed_within_legal,
    timing.time_limits_complete,
    timing.steps_fit_committed_time,
    bundles.prerequisites_acyclic,
    audit.visits_explained,
    audit.fees_complete,
    audit.phones_valid,
    audit.licences_have_full_process,
    audit.licences_have_faq,
    audit.licences_have_guide_elements,
    audit.outputs_name_certificate,
    audit.channels_consistent,
    audit.visits_match_process,
    placeholders.placeholders_filled,
    dates.dates_are_real,
    dates.revised_after_effective,
    glyphs.characters_printable,
)

__all__ = ["RULES", "Index", "Rule"]
