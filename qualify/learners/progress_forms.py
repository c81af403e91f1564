"""The progress page's filter: which participants, in which order. Read from the query
string (a GET form: bookmarkable, and the export links carry the same choice)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField

from qualify.learners.progress_matrix import AT_RISK, QualificationState, Sort
from qualify.web.forms import Form

ALL = ""


class ProgressFilterForm(Form):
    class Meta:
        csrf = False  # it only reads

    status = SelectField(
        _l("Show"),
        choices=[
            SelectChoice(ALL, _l("all participants")),
            SelectChoice(AT_RISK, _l("at risk")),
            SelectChoice(QualificationState.NOT_STARTED.value, _l("not started")),
            SelectChoice(QualificationState.IN_PROGRESS.value, _l("in progress")),
            SelectChoice(QualificationState.COMPLETE.value, _l("all requirements met")),
            SelectChoice(QualificationState.CERTIFIED.value, _l("certificate issued")),
        ],
        default=ALL,
    )
    sort = SelectField(
        _l("Order"),
        choices=[
            SelectChoice(Sort.NAME.value, _l("by name")),
            SelectChoice(Sort.QUIET_FIRST.value, _l("longest without activity first")),
            SelectChoice(Sort.ACTIVE_FIRST.value, _l("most recently active first")),
        ],
        default=Sort.NAME.value,
    )

    def chosen_status(self) -> str | None:
        """The status asked for; all for anything unknown (a hand-edited URL)."""
        values = {choice.value for choice in self.status.choices}
        return self.status.data if self.status.data in values - {ALL} else None

    def chosen_sort(self) -> Sort:
        return Sort(self.sort.data) if self.sort.data in set(Sort) else Sort.NAME

    def query(self) -> dict[str, str]:
        """The choice as URL parameters, for the download links."""
        return {"status": self.chosen_status() or ALL, "sort": self.chosen_sort().value}
