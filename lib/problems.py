"""One shape for bad input, wherever it comes in: pages, the API, spreadsheets and IATI files.

A ``Problem`` says where the bad input is (the file and its line, a sheet's row, the column or
the field's path, the IATI activity), the value as it was given, and why it was refused or what
was expected, already written in the reader's language. Whoever checks input collects every
problem before writing anything and reports them all at once, each naming its place (style
rule 9); ``str(problem)`` is the one way a problem reads as a line of text, for a page, a
command or an import job's record. The message is written when the problem is found; the words
that place it ("row", "column") are those of the language active when it is read as text, so a
job that stores its problems as text does both in its reader's language.

The activities' write door collects its problems in ``Problems`` and raises them as one Django
``ValidationError`` keyed by field path (``budgets[1].value``), which model forms, the admin and
the API already read; ``Problems.from_validation_error`` turns such an error back into problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One refused piece of input.

    ``message`` is why, or what was expected, as one whole sentence or clause in the reader's
    language (it is stored and sent between processes as text, so it is written when the
    problem is found, in the language active there). ``field`` is the column of a sheet or the
    path of a field (``budgets[0].value``); empty, the problem is about the whole record or
    file. ``value`` is the bad value as given (empty when there is none to show). ``line`` is
    a line of a text file (with ``file``: where in that file; a CSV line without it), ``row`` a
    row of a sheet (the header is row 1), ``activity`` the iati-identifier of the activity of a
    file the problem is in.
    """

    message: str
    field: str = ""
    value: str = ""
    file: str = ""
    line: int | None = None
    row: int | None = None
    activity: str = ""

    def at(
        self,
        *,
        file: str | None = None,
        line: int | None = None,
        row: int | None = None,
        activity: str | None = None,
    ) -> Problem:
        """The same problem placed further: found in a row's cells, then told the row."""
        return replace(
            self,
            file=self.file if file is None else file,
            line=self.line if line is None else line,
            row=self.row if row is None else row,
            activity=self.activity if activity is None else activity,
        )

    def __str__(self) -> str:
        text = self._in_place()
        if self.activity:
            text = _("activity %(identifier)s: %(problem)s") % {
                "identifier": self.activity,
                "problem": text,
            }
        if not self.file:
            return text
        # FILE:LINE, as compilers and validators name a place in a file.
        where = f"{self.file}:{self.line}" if self.line else self.file
        if not (self.activity or self.field or self.value or self.row is not None):
            # Nothing inside the file is named: the problem is the file's as a whole.
            return _("%(where)s: file: %(message)s") % {"where": where, "message": self.message}
        return _("%(where)s: %(problem)s") % {"where": where, "problem": text}

    def _in_place(self) -> str:
        """The row or line, column or field, value and message; one whole template for each
        combination, so that translators see every sentence entire."""
        values = {
            "row": self.row,
            "line": self.line,
            "column": self.field,
            "field": self.field,
            "value": self.value,
            "message": self.message,
        }
        line = None if self.file else self.line  # with a file, the line is the file's place
        column, value = bool(self.field), bool(self.value)
        if self.row is not None:
            if column:
                template = (
                    _("row %(row)s, column %(column)s: %(value)r: %(message)s")
                    if value
                    else _("row %(row)s, column %(column)s: %(message)s")
                )
            else:
                template = (
                    _("row %(row)s: %(value)r: %(message)s")
                    if value
                    else _("row %(row)s: %(message)s")
                )
        elif line is not None:
            if column:
                template = (
                    _("line %(line)s, column %(column)s: %(value)r: %(message)s")
                    if value
                    else _("line %(line)s, column %(column)s: %(message)s")
                )
            else:
                template = (
                    _("line %(line)s: %(value)r: %(message)s")
                    if value
                    else _("line %(line)s: %(message)s")
                )
        elif column:
            template = (
                _("%(field)s: %(value)r: %(message)s") if value else _("%(field)s: %(message)s")
            )
        elif value:
            template = _("%(value)r: %(message)s")
        else:
            return self.message
        return template % values


class Problems(list[Problem]):
    """The problems found so far; nothing is written while there is one.

    A list of ``Problem`` (so it compares, iterates and extends like one) with the two ways
    the write door speaks Django: ``raise_if_any`` raises them as one ``ValidationError`` keyed
    by field path, and ``from_validation_error``/``absorb`` read one back."""

    def add(
        self,
        field: str,
        message: str | Iterable[str],
        *,
        value: str = "",
        file: str = "",
        line: int | None = None,
        row: int | None = None,
        activity: str = "",
    ) -> None:
        """Add a problem of ``field`` (one per message when given several)."""
        for text in [message] if isinstance(message, str) else message:
            self.append(Problem(text, field, value, file, line, row, activity))

    def absorb(self, exc: ValidationError, prefix: str = "") -> None:
        """Add the problems of a ``ValidationError`` raised for the part at ``prefix``: its
        fields' paths are read under that part (``budgets[0]`` + ``value``)."""
        self.extend(Problems.from_validation_error(exc, prefix))

    @classmethod
    def from_validation_error(cls, exc: ValidationError, prefix: str = "") -> Problems:
        """The problems a ``ValidationError`` holds, one per message; the errors of no field
        (Django's ``__all__``) belong to ``prefix`` itself."""
        found = cls()
        if not hasattr(exc, "error_dict"):
            found.add(prefix, exc.messages)
            return found
        for name, messages in exc.message_dict.items():
            if name == NON_FIELD_ERRORS:
                found.add(prefix, messages)
            else:
                found.add(f"{prefix}.{name}" if prefix else name, messages)
        return found

    def message_dict(self) -> dict[str, list[str]]:
        """Field path → messages, as ``ValidationError.message_dict`` has them: a problem of no
        field is under ``__all__``."""
        out: dict[str, list[str]] = {}
        for problem in self:
            out.setdefault(problem.field or NON_FIELD_ERRORS, []).append(problem.message)
        return out

    def raise_if_any(self) -> None:
        """Raise every problem at once as one ``ValidationError``, if there is any."""
        if self:
            raise ValidationError(self.message_dict())
