"""Production settings: every secret from the environment, HTTPS everywhere.

Startup is refused (ImproperlyConfigured) without a real secret key: one that is
missing, shorter than 50 characters, made of too few different characters, or one of
the placeholders that ship in examples (docker-compose.yml, `change-me…`, `insecure…`).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY_MIN_LENGTH = 50
PLACEHOLDER_MARKERS = ("change-me", "changeme", "change_me", "placeholder", "do-not-use")
PLACEHOLDER_PREFIXES = ("insecure", "django-insecure", "dev-insecure", "test-only", "secret")
GENERATE = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def refuse_weak_secret_key(key: str) -> None:
    """Raise ImproperlyConfigured, naming the fix, for a key that must not sign sessions."""
    lowered = key.strip().lower()
    if not lowered:
        problem = "DJANGO_SECRET_KEY 未设置"
    elif len(key) < SECRET_KEY_MIN_LENGTH:
        problem = f"DJANGO_SECRET_KEY 太短（{len(key)} 个字符，至少 {SECRET_KEY_MIN_LENGTH} 个）"
    elif any(m in lowered for m in PLACEHOLDER_MARKERS) or lowered.startswith(PLACEHOLDER_PREFIXES):
        problem = "DJANGO_SECRET_KEY 仍是示例中的占位值"
    elif len(set(key)) < 5:
        problem = "DJANGO_SECRET_KEY 不够随机（不同字符少于 5 个）"
    else:
        return
    raise ImproperlyConfigured(
        f"{problem}：生产环境拒绝启动。请生成一个长随机密钥（{GENERATE}），"
        "放进环境变量或 env 文件后再启动，并保持不变（更换会让所有人重新登录）。"
    )


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
refuse_weak_secret_key(SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
# Whole-domain HSTS is right for a dedicated domain; a bureau hosting us under a shared
# domain can turn these off (manage.py check --deploy then warns, knowingly).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
