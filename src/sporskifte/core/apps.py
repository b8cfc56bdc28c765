from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sporskifte.core"
    label = "core"
    verbose_name = "Sporskifte"
