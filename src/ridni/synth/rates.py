"""Every probability the synthetic world uses, in one frozen dataclass.

The research (names.md §5) documents the channels by which a child's record changes, but not their
rates; so every rate is a parameter, written to the world's manifest and documented in
``docs/synth.md`` (a test checks that each field has a line there).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from ridni.errors import Invalid


@dataclass(frozen=True)
class Rates:
    # --- population -------------------------------------------------------------------------
    institution_family_rate: float = 0.12
    """Families whose children live in an institution (children's home, boarding school)."""
    twin_rate: float = 0.05
    """Families with two or more children in which two of them are twins."""
    single_parent_rate: float = 0.22
    """Family children with no father listed (their patronymic is still registered)."""
    mother_maiden_name_rate: float = 0.08
    """Mothers who kept a surname different from the children's."""
    russian_origin_surname_east: float = 0.25
    """Families with a surname of Russian origin (Кузнєцов, Попов) in Donetsk, Luhansk, Crimea."""
    russian_origin_surname_other: float = 0.08
    """The same in the other oblasts."""
    russian_speaking_east: float = 0.55
    """Families who write in Russian (family reports) in Donetsk, Luhansk, Crimea."""
    russian_speaking_other: float = 0.15
    """The same in the other oblasts."""
    returned_rate: float = 0.10
    """Children who have come home (and so appear on the return list)."""
    born_elsewhere: float = 0.15
    """Children born in another settlement than the family's home."""

    # --- renaming (RF Family Code art. 134–135) ----------------------------------------------
    rename_max_age: int = 6
    """Only institution children younger than this at deportation are renamed."""
    rename_rate: float = 0.40
    """Families with eligible children whose eligible children all get a new identity (given
    name, surname, patronymic, birthplace) from one adoptive family."""
    rename_keeps_given_name: float = 0.25
    """Renamed children whose new given name is the Russian form of the old one."""
    rename_shifts_infant_dob: float = 0.6
    """Renamed infants (under 1 at the change) whose birth date is moved by 1–90 days."""
    rename_keeps_institution: float = 0.5
    """Renamed records that still name an institution: the Ukrainian home on counterpart lists,
    the Russian host institution in the adoption database."""
    rename_birthplace_podolsk: float = 0.15
    """New birthplaces that are Podolsk, Moscow oblast (the homonym of Podilsk, Odesa oblast)."""
    rename_in_counterpart: float = 0.7
    """Counterpart-list records of a renamed child that show the new identity."""

    # --- coverage: which sources a child appears in --------------------------------------------
    p_registry: float = 0.85
    """Children in the Ukrainian registry."""
    p_registry_occupied_since_2014: float = 0.55
    """The same for children born after 2014 in areas occupied since 2014 (few UA certificates)."""
    p_family_report: float = 0.45
    """Family children reported by relatives."""
    p_family_report_institution: float = 0.10
    """Institution children reported by relatives."""
    p_family_report_duplicate: float = 0.06
    """Reported children reported a second time (another relative, another spelling)."""
    p_osint: float = 0.30
    """Children seen in open sources."""
    p_osint_duplicate: float = 0.10
    """Sighted children sighted a second time."""
    p_counterpart: float = 0.50
    """Children on the ombudsman's lists."""
    p_counterpart_duplicate: float = 0.03
    """Children on two of the ombudsman's lists (two rows)."""
    p_occupied_list_institution: float = 0.60
    """Institution children of occupied oblasts on the occupation authorities' lists."""
    p_occupied_list_other: float = 0.04
    """Other children on those lists."""
    p_adoption_institution: float = 0.25
    """Institution children in the adoption database."""
    p_adoption_family: float = 0.02
    """Family children in the adoption database."""
    p_adoption_renamed: float = 0.70
    """Renamed children in the adoption database."""

    # --- unrelated records: how M is split ------------------------------------------------------
    unrelated_adoption_share: float = 0.90
    """Unrelated records in the adoption database (Russian children; takes the rounding rest)."""
    unrelated_counterpart_share: float = 0.05
    """Unrelated records on the counterpart lists (other children from the occupied areas)."""
    unrelated_occupied_of_counterpart: float = 0.30
    """Of the counterpart share, the part on the occupation authorities' lists (rest: ombudsman)."""
    unrelated_family_share: float = 0.03
    """Unrelated family reports (other missing children)."""
    unrelated_osint_share: float = 0.02
    """Unrelated sightings. The four ``unrelated_*_share`` rates must add up to 1."""
    adoption_ukrainian_surname: float = 0.12
    """Unrelated Russian children with a surname of Ukrainian origin (Ковальчук, Шевченко)."""
    adoption_sibling_group: float = 0.30
    """Unrelated adoption profiles that come in a sibling group."""

    # --- noise channels --------------------------------------------------------------------------
    typo: float = 0.03
    """A name field (given, family, patronymic) with one edit: keyboard slip, drop, double, swap."""
    typo_registry: float = 0.008
    """The same in the registry."""
    homoglyph: float = 0.01
    """A Cyrillic name with one Latin look-alike letter (or the reverse)."""
    apostrophe_variant: float = 0.5
    """A name with an apostrophe written with ’ ʼ ` " ʹ or none."""
    yo_as_e: float = 0.6
    """Russian ё written as е."""
    uppercase_surname: float = 0.3
    """Surnames in capitals on the counterpart and return lists (passport style)."""
    missing_field: float = 0.05
    """An optional field left empty (birth place, region, sex, guardians...)."""
    missing_patronymic: float = 0.20
    """A patronymic left empty on the counterpart lists (a quarter of this in the registry)."""
    missing_patronymic_family: float = 0.45
    """Family reports without a patronymic."""
    missing_surname_osint: float = 0.25
    """Sightings with a given name only."""
    day_month_swap: float = 0.02
    """Birth dates with day and month swapped (when the day is 12 or less)."""
    digit_error: float = 0.02
    """Birth dates with one wrong digit."""
    year_off_by_one: float = 0.02
    """Birth dates with the year one off."""
    partial_date: float = 0.06
    """Birth dates given as year-month or year only."""
    age_instead_of_date: float = 0.6
    """Sightings with an age instead of a birth date."""
    age_off_by_one: float = 0.10
    """Such ages that are one year off."""
    approximate_last_seen: float = 0.25
    """Family reports whose last-seen date is a month only (YYYY-MM)."""
    diminutive_family: float = 0.06
    """Family reports that use a diminutive (Сашко, Настя)."""
    diminutive_osint: float = 0.30
    """Sightings that use a diminutive."""
    russian_form_osint: float = 0.55
    """Cyrillic sightings in Russian forms."""
    latin_osint: float = 0.25
    """Sightings written in Latin script (foreign press, NGOs)."""
    counterpart_keeps_ua_form: float = 0.05
    """Counterpart records that keep the Ukrainian spelling of a name."""
    russian_alternative_form: float = 0.15
    """Russian records using a name's alternative Russian form (Софья for София, Данила)."""
    surname_russified: float = 0.9
    """Russian-language records whose surname follows the Russian letter rules."""
    surname_etymological_e: float = 0.6
    """Russified surnames that write an etymological е for і (Белик rather than Билик)."""
    soviet_place_name: float = 0.45
    """Russian-side records that use the Soviet or occupation-era name where there is one."""
    region_republic: float = 0.65
    """Russian-side records of Donetsk/Luhansk children that name ДНР/ЛНР as the region."""
    region_russia: float = 0.05
    """Russian-side records with "Россия" as the region."""
    camp_as_last_place: float = 0.4
    """Sightings of school-age children whose last known place is a camp."""
    osint_shows_new_identity: float = 0.3
    """Sightings of a renamed child, after the change, that use the new identity."""
    counterpart_lists_parents: float = 0.6
    """Counterpart records of family children that name the parents."""
    counterpart_origin_institution: float = 0.5
    """Ombudsman records of institution children that name the Ukrainian home (else the host)."""
    occupied_origin_institution: float = 0.85
    """The same on the occupation authorities' lists."""
    return_russian_document: float = 0.15
    """Returned children romanised from a Russian document (ICAO, GOST 2006, MVD 310 by era)."""
    return_generic_romanisation: float = 0.08
    """Return-list names passed through a generic unidecode-like pipeline (Dmitro, Ievgeniia)."""
    sibling_link_dropped: float = 0.10
    """Records that do not list their siblings although they are in the same file."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_overrides(self, **overrides: Any) -> Rates:
        return replace(self, **overrides)


def validate_rates(rates: Rates) -> None:
    """Reject rates outside [0, 1] and shares that do not add up."""
    for field in fields(rates):
        value = getattr(rates, field.name)
        if field.name == "rename_max_age":
            if not 0 <= value <= 18:
                raise Invalid(f"rate {field.name} must be an age from 0 to 18, got {value}")
            continue
        if not 0.0 <= value <= 1.0:
            raise Invalid(f"rate {field.name} must be between 0 and 1, got {value}")
    shares = (
        rates.unrelated_adoption_share
        + rates.unrelated_counterpart_share
        + rates.unrelated_family_share
        + rates.unrelated_osint_share
    )
    if abs(shares - 1.0) > 1e-6:
        raise Invalid(f"the unrelated_*_share rates must add up to 1, they add up to {shares:.4f}")
