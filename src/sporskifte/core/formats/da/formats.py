# Danish style: "24. nov. 2026", "24. nov. 2026 14:30" (month names from Django's catalogue:
# "jan.", "marts", "maj", "sept.", ...).
DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. N Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
