"""How dates are shown, per language (Django's FORMAT_MODULE_PATH). Only the display formats
differ from Django's own; what forms accept is left to Django.

Templates name a format (`|date`, `|date:"DATETIME_FORMAT"`, `|date:"SHORT_DATE_FORMAT"`)
instead of spelling one out, so Danish reads "24. nov. 2026" and English "24 Nov 2026"."""
