"""The policy impact check's questions and recommendations (plan P1.9): how a proposed policy
change would affect people sleeping rough. The questions live here, in code; answers are
stored against their code, so a question's wording can improve without losing answers."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    code: str
    title: str
    hint: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "access",
        "Access to services and accommodation",
        "Would it change who can get help, a bed or a tenancy, where, when or how easily? "
        "Think of eligibility rules, opening hours, locations, ID and local connection.",
    ),
    Question(
        "enforcement",
        "Enforcement and criminalisation",
        "Would it move people on, fine them, or make sleeping rough, begging or carrying "
        "belongings an offence, without an offer of support first?",
    ),
    Question(
        "income",
        "Income and benefits",
        "Would it change what people can claim or keep, sanctions, debt, charges or the cost "
        "of staying somewhere?",
    ),
    Question(
        "health",
        "Health and care",
        "Would it affect access to a GP, mental health, drug and alcohol services, hospital "
        "discharge or social care?",
    ),
    Question(
        "nrpf",
        "People with no recourse to public funds",
        "Would people who cannot claim benefits or housing help be left out, or treated "
        "differently?",
    ),
    Question(
        "women_young",
        "Women and young people",
        "Would it affect women (including those escaping abuse) or people under 25 "
        "differently from others?",
    ),
    Question(
        "institutions",
        "People leaving institutions",
        "Would it affect people leaving prison, hospital, care or asylum accommodation, who "
        "are most at risk of sleeping rough on the day they leave?",
    ),
)
QUESTION_CODES = tuple(q.code for q in QUESTIONS)
BY_CODE = {q.code: q for q in QUESTIONS}

PROCEED = "proceed"
PROCEED_WITH_CHANGES = "proceed_with_changes"
RECONSIDER = "reconsider"
RECOMMENDATIONS = (
    (PROCEED, "Proceed: no harm to people sleeping rough found"),
    (PROCEED_WITH_CHANGES, "Proceed with the changes set out in the mitigation"),
    (RECONSIDER, "Reconsider: the harm cannot be mitigated enough"),
)
RECOMMENDATION_LABELS = dict(RECOMMENDATIONS)
