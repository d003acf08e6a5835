from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data (`seed_demo`, `generate_synthetic`): the top-most app, which
    calls each domain app's public `seed_*` functions. It has no models."""

    name = "apps.demo"
    label = "demo"
    verbose_name = "演示数据"
