"""The demo county's figures for 2022: each has the digit count the seed masks it with.

`sifa report --year 2022 --masked` on the demo county must reproduce the seed, so the 2022
records are generated to hit these values exactly (the number of `*` is the digit count;
"余" figures are chosen so that rounding drops something). 2020 and 2021 are generated near
`scaled(year)`, which keeps the same magnitudes.
"""

SEED_2022: dict[str, int] = {
    # （一）依法治县
    "rulelaw.inspections": 2,
    "org.villages": 114,
    "publicity.legal_literates": 342,
    "publicity.exam_participants": 2856,
    "publicity.lectures": 46,
    "publicity.events": 132,
    "publicity.consultations": 12683,
    "publicity.materials": 36542,
    # （二）法治保障
    "normdocs.suggestions": 6,
    "normdocs.hearings": 3,
    "normdocs.consultations": 24,
    "normdocs.reviewed": 8,
    "normdocs.published": 6,
    "normdocs.pending": 2,
    "cleanup.docs_reviewed": 35,
    "cleanup.agreements_reviewed": 5,
    "cleanup.docs_invalidated": 7,
    "cleanup.docs_retained": 28,
    "cleanup.agreements_invalidated": 2,
    "cleanup.agreements_retained": 3,
    "reconsideration.received": 23,
    "reconsideration.rejected": 2,
    "reconsideration.accepted": 21,
    "reconsideration.concluded": 18,
    "reconsideration.upheld": 9,
    "reconsideration.revoked": 3,
    "reconsideration.dismissed": 4,
    "reconsideration.terminated": 2,
    "reconsideration.pending": 3,
    "litigation.cases": 7,
    "litigation.hearings": 7,  # every hearing with the head present → rate 100％
    "enforcement.inspections": 4,
    "enforcement.certificates_issued": 186,
    "enforcement.officers": 642,
    # （三）社会和谐稳定
    "mediation.screenings": 216,
    "mediation.prevented": 38,
    "mediation.cases": 87,
    "mediation.succeeded": 87,
    "mediation.amount_yuan": 2_346_800,  # → 235万元
    "correction.inspections": 4,
    "correction.joint_inspections": 2,
    "correction.assessments": 46,
    "correction.received": 38,
    "correction.released": 41,
    "correction.registered": 57,
    "offices.construction_investment_yuan": 1_280_000,  # → 128万元, three offices
    "offices.construction_offices": 3,
    # （四）法律服务
    "legalservice.platforms": 121,
    "mediation.branded_rooms": 5,
    "legalservice.villages_with_advisor": 114,
    "legalservice.advisor_services": 16540,
    "legalaid.law_firms": 2,
    "legalaid.cases": 236,
    "legalaid.criminal": 58,
    "legalaid.civil": 142,
    "legalaid.labor_arbitration": 21,
    "legalaid.administrative": 15,
    "legalaid.documents": 318,
    "legalaid.plea_cases": 264,
    "legalaid.consultations": 865,
    "notary.cases": 412,
    "notary.consultations": 563,
    "notary.documents": 37,
    # （五）队伍、乡村振兴、大走访
    "team.rotation_classes": 2,
    "team.party_lessons": 4,
    "team.study_sessions": 26,
    "team.party_days": 8,
    "team.violations_3y": 0,
    "rural.agri_legal_aid": 64,
    "rural.classes": 6,
    "rural.class_attendees": 13560,
    "rural.consultation_events": 18,
    "rural.enterprise_checkups": 5,
    "rural.policy_lectures": 24,
    "rural.volunteer_person_times": 356,
    "rural.flood_donation_yuan": 12600,
    "rural.consumption_aid_yuan": 23456,
    "rural.village_project_yuan": 150_000,  # → 15万元
    "visits.letters": 28500,
    "visits.outlines": 26800,
    "visits.mock_surveys": 25600,
    "visits.posters": 864,
    "visits.materials": 43215,
    "visits.registrations": 21876,
    "visits.surveys": 20543,
}

# Earlier years: a little less work than 2022, same magnitudes.
YEAR_FACTORS = {2020: 0.84, 2021: 0.92, 2022: 1.0}
# Stocks and structural counts that do not scale.
FIXED = {
    "org.villages",
    "legalservice.platforms",
    "legalservice.villages_with_advisor",
    "team.violations_3y",
    "offices.construction_offices",
    "legalaid.law_firms",
}


def year_factor(year: int) -> float:
    """The seed years' factors; after 2022 a little more work each year, at most +10％."""
    if year in YEAR_FACTORS:
        return YEAR_FACTORS[year]
    return min(1.1, 1.0 + 0.025 * (year - 2022))


def target(year: int, figure: str) -> int:
    """The demo's value of `figure` for `year` (exact for 2022, scaled for the other years;
    a whole year's value — a line scales the current year to the part already gone)."""
    value = SEED_2022[figure]
    if year == 2022 or figure in FIXED:
        return value
    return max(1, round(value * year_factor(year))) if value else 0
