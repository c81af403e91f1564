"""Read certificates/<id>.yaml into a QualificationSpec, every problem with its line. Pure.

The format is described in docs/content-format.md ("Qualifications").
"""

from __future__ import annotations

from pathlib import Path

from qualify.certificates.rules import (
    ALL_LESSONS,
    Assignment,
    ElectiveGroup,
    QualificationSpec,
    Requirement,
    RuleSet,
    Validity,
)
from qualify.core.contentfile import (
    DESCRIBED_LOCALES,
    Fields,
    Problem,
    Report,
    display_path,
    has_errors,
    load_yaml_text,
)
from qualify.core.messages import Message

KEYS = {
    "id",
    "title",
    "description",
    "audience",
    "courses",
    "electives",
    "workshops",
    "assignment",
    "sign_off",
    "validity",
}
COURSE_KEYS = {"course", "min_percent", "lessons"}
ASSIGNMENT_KEYS = {"course", "question", "min_percent", "description"}
DEFAULT_WINDOW_MONTHS = 3


def load_qualification(
    path: Path, root: Path | None = None
) -> tuple[QualificationSpec | None, list[Problem]]:
    report = Report(display_path(path, root))
    node = load_yaml_text(path.read_text(encoding="utf-8"), report)
    if node is None:
        return None, report.problems
    fields = Fields(node, report)
    fields.unknown_keys(KEYS)
    qualification_id = fields.ident("id")
    if qualification_id and qualification_id != path.stem:
        report.error(
            fields.line_at("id"),
            Message("id %(id)r must equal the file name", id=qualification_id),
        )
    title = fields.localised("title", locales=DESCRIBED_LOCALES)
    description = fields.localised("description", locales=DESCRIBED_LOCALES)
    audience = fields.localised("audience", required=False, locales=DESCRIBED_LOCALES)
    hours, workshop_description = _workshops(fields)
    rules = _rules(fields, hours)
    spec = QualificationSpec.with_rules(
        qualification_id,
        rules,
        title=title,
        description=description,
        workshop_description=workshop_description,
        validity=_validity(fields),
        audience=audience,
    )
    if has_errors(report.problems):
        return None, report.problems
    return spec, report.problems


def load_qualifications(folder: Path) -> tuple[list[QualificationSpec], list[Problem]]:
    specs, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        spec, file_problems = load_qualification(path, folder)
        problems += file_problems
        if spec is not None:
            specs.append(spec)
    return specs, problems


def _rules(fields: Fields, workshop_hours: int) -> RuleSet:
    """The award rules: at least one course, as required, elective or assignment."""
    optional = fields.has("electives") or fields.has("assignment")
    courses = _courses(fields, "courses", required=not optional)
    electives = _electives(fields)
    assignment = _assignment(fields)
    if not (courses or electives or assignment) and (fields.has("courses") or optional):
        where = fields.line_at(
            next(k for k in ("courses", "electives", "assignment") if fields.has(k))
        )
        fields.report.error(where, Message("a qualification requires at least one course"))
    rules = RuleSet(
        courses,
        electives,
        workshop_hours,
        assignment,
        bool(fields.boolean("sign_off", default=False)),
    )
    _named_once(fields, rules)
    return rules


def _courses(fields: Fields, key: str, *, required: bool = True) -> tuple[Requirement, ...]:
    requirements = []
    for item, course_id in fields.unique_items(
        key,
        keys=COURSE_KEYS,
        id_key="course",
        required=required,
        check_pattern=False,  # any text: content.py warns about a course that does not exist
        duplicate=lambda item: Message("course %(course)r is required twice", course=item),
    ):
        requirements.append(Requirement(course_id, _min_percent(item), _lessons(item)))
    return tuple(requirements)


def _min_percent(item: Fields) -> int | None:
    if not item.has("min_percent"):
        return None
    return item.integer("min_percent", minimum=1, maximum=100)


def _lessons(item: Fields) -> int:
    """`lessons: all` (the default) or the share of the course's lessons, in percent."""
    if not item.has("lessons"):
        return ALL_LESSONS
    value = item.node["lessons"]
    if value == "all":
        return ALL_LESSONS
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    item.report.error(
        item.line_at("lessons"),
        Message("'lessons' must be all or a percentage from 0 to 100, not %(value)r", value=value),
    )
    return ALL_LESSONS


def _electives(fields: Fields) -> tuple[ElectiveGroup, ...]:
    """`electives: [{choose: 2, courses: [...]}]`: pass so many of these courses."""
    groups = []
    for node, line in fields.items("electives", required=False):
        group = Fields(node, fields.report, where=line)
        if not group.ok:
            continue
        group.unknown_keys({"choose", "courses"})
        options = _courses(group, "courses")
        choose = group.integer("choose", minimum=1)
        if len(options) < 2:
            fields.report.error(line, Message("an elective group needs at least two courses"))
        elif choose and choose > len(options):
            fields.report.error(
                group.line_at("choose"),
                Message(
                    "'choose' is %(choose)s, but the group has only %(count)s courses",
                    choose=choose,
                    count=len(options),
                ),
            )
        if choose:
            groups.append(ElectiveGroup(choose, options))
    return tuple(groups)


def _workshops(fields: Fields) -> tuple[int, dict[str, str]]:
    """`workshops: {hours: 16, description: {de, en}}`: the in-person part, if any."""
    workshops = _section(fields, "workshops", {"hours", "description"})
    if workshops is None:
        return 0, {}
    hours = workshops.integer("hours", minimum=1, maximum=1000) or 0
    return hours, workshops.localised("description", locales=DESCRIBED_LOCALES)


def _section(fields: Fields, key: str, keys: set[str]) -> Fields | None:
    """The mapping under `key` with its unknown keys reported; None when it is not there."""
    if not fields.has(key):
        return None
    section = Fields(fields.node[key], fields.report, where=fields.line_at(key))
    section.unknown_keys(keys)
    return section if section.ok else None


def _assignment(fields: Fields) -> Assignment | None:
    """`assignment: {course, question, min_percent, description}`: the essay question
    `question` of the course's quiz, handed in on its own and marked by a trainer (the
    content check makes sure it exists, is an essay and is never drawn into attempts)."""
    section = _section(fields, "assignment", ASSIGNMENT_KEYS)
    if section is None:
        return None
    return Assignment(
        section.text("course"),
        section.ident("question"),
        _min_percent(section),
        section.localised("description", required=False, locales=DESCRIBED_LOCALES),
        section.line_at("question") if section.has("question") else section.line,
    )


def _validity(fields: Fields) -> Validity | None:
    """`validity: {months: 36, renewal: {window_months: 3, courses, workshop_hours, sign_off}}`."""
    section = _section(fields, "validity", {"months", "renewal"})
    if section is None:
        return None
    months = section.integer("months", minimum=1, maximum=600)
    renewal = _section(
        section, "renewal", {"window_months", "courses", "workshop_hours", "sign_off"}
    )
    if renewal is None:
        if not section.has("renewal"):
            fields.report.error(
                section.line,
                Message("'validity' needs a 'renewal': what a holder does to renew"),
            )
        return None
    window = renewal.integer("window_months", default=DEFAULT_WINDOW_MONTHS, minimum=0)
    if months and window is not None and window >= months:
        fields.report.error(
            renewal.line_at("window_months"),
            Message(
                "'window_months' must be shorter than the validity of %(months)s months",
                months=months,
            ),
        )
    rules = RuleSet(
        _courses(renewal, "courses", required=False),
        workshop_hours=renewal.integer("workshop_hours", default=0, minimum=0, maximum=1000) or 0,
        sign_off=bool(renewal.boolean("sign_off", default=False)),
    )
    if not (rules.courses or rules.workshop_hours or rules.sign_off):
        fields.report.error(
            renewal.line,
            Message("a renewal must require a course, workshop hours or a trainer's sign-off"),
        )
    if months is None or window is None:
        return None
    return Validity(months, rules, window)


def _named_once(fields: Fields, rules: RuleSet) -> None:
    """A course counts once: as required or in one elective group (a repeat inside one list
    is reported at its line by `unique_items`). The assignment is a question, not a course:
    its course may be required as well."""
    parts = [("courses", {r.course_id for r in rules.courses})]
    parts += [("electives", {r.course_id for r in group.options}) for group in rules.electives]
    seen: set[str] = set()
    for key, ids in parts:
        for course_id in sorted(ids & seen):
            fields.report.error(
                fields.line_at(key),
                Message("course %(course)r is named twice in this qualification", course=course_id),
            )
        seen |= ids
