"""Wording the engine's reason codes in the reader's language.

The engine never builds sentences (``engine.Reason``); the lines store the
code and its arguments, and these functions turn them into a sentence a unit
can read, in the language of whoever reads it.
"""

from .. import engine

#: Reason of an interim line whose goal had nothing due by the stage's date.
REASON_NOT_DUE = "not_due"


def percent(ratio):
    """A completion ratio as a percentage for a sentence: 0.853 → '85.3'."""
    return f"{ratio * 100.0:.1f}".removesuffix(".0")


def number(value):
    """A value for a sentence, without trailing zeros: 12.50 → '12.5'."""
    return f"{value:.4f}".rstrip("0").rstrip(".") if value is not None else ""


def reason_text(env, code, args):
    """The sentence for one reason code of a goal score (empty for full points)."""
    args = args or {}
    if not code or code == engine.REASON_FULL:
        return ""
    if code == engine.REASON_MISSING_DATA:
        field = args.get("field")
        if field == "target":
            return env._("No target was set.")
        if field == "milestones":
            return env._("No milestones with a share of the points were defined.")
        return env._("No actual value was reported.")
    if code == engine.REASON_BELOW_TARGET:
        return env._(
            "Completion %(completion)s %%.", completion=percent(args.get("completion", 0.0))
        )
    if code == engine.REASON_ZERO_THRESHOLD:
        return env._(
            "Completion %(completion)s %% is below the %(threshold)s %% needed to score at all.",
            completion=percent(args.get("completion", 0.0)),
            threshold=percent(args.get("threshold", 0.0)),
        )
    if code == engine.REASON_TARGET_MISSED:
        return env._(
            "Target %(target)s missed: actual %(actual)s.",
            target=number(args.get("target")),
            actual=number(args.get("actual")),
        )
    if code == engine.REASON_NOT_DONE:
        return env._("Not done.")
    if code == engine.REASON_GRADE:
        return env._(
            "Graded %(grade)s: %(share)s %% of the points.",
            grade=args.get("grade", ""),
            share=percent(args.get("share", 0.0)),
        )
    if code == engine.REASON_MILESTONE_MISSED:
        names = [name for name in args.get("names") or () if name]
        return env._(
            "Milestones not reached (%(share)s %% of the points): %(names)s.",
            share=percent(args.get("missed_share", 0.0)),
            names=env._("; ").join(names) if names else "-",
        )
    if code == engine.REASON_INCIDENTS:
        return env._(
            "%(count)s incident(s) × %(per_incident)s points: %(deducted)s points deducted.",
            count=number(args.get("count")),
            per_incident=number(args.get("per_incident")),
            deducted=number(args.get("deducted")),
        )
    if code == REASON_NOT_DUE:
        return env._("Nothing was due by this evaluation's date: not scored yet.")
    return code


def source_label(env, source):
    """Who gave the score of a line, for a sentence."""
    return {
        "self": env._("self-assessment"),
        "assessor": env._("assessor department"),
        "verified": env._("inspection group"),
    }.get(source, "")


def line_explanation(env, source, code, args, *, score, points):
    """Why a line lost points: who scored it and the reason, or '' when nothing was lost."""
    parts = []
    lost = (points or 0.0) - min(score or 0.0, points or 0.0)
    if source in ("self", "assessor", "verified") and lost > 0.005:
        parts.append(
            env._(
                "Scored %(score)s of %(points)s points by the %(who)s.",
                score=number(score),
                points=number(points),
                who=source_label(env, source),
            )
        )
    text = reason_text(env, code, args)
    if text:
        parts.append(text)
    return " ".join(parts)


def grade_text(env, code, args, grade_labels):
    """Why a unit got its grade: threshold, veto cap or quota."""
    args = args or {}
    if code == engine.GRADE_BY_VETO:
        return env._(
            "One-vote veto: graded no better than %(grade)s.",
            grade=grade_labels.get(args.get("max_grade"), args.get("max_grade")),
        )
    if code == engine.GRADE_BY_QUOTA:
        return env._(
            "Quota: only %(limit)s unit(s) of the category can be %(grade)s.",
            limit=args.get("limit"),
            grade=grade_labels.get(args.get("grade"), args.get("grade")),
        )
    return env._("Total %(total)s.", total=number(args.get("total")))
