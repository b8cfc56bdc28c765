from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sporskifte.api"
    label = "api"
    verbose_name = "API"
