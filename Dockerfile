# One image for web (gunicorn), worker and beat (Celery). See docs/deploy.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint's runtime (Pango, HarfBuzz's subsetter: 3x faster CJK PDFs) and a CJK font,
# so Chinese PDF reports render real glyphs instead of empty boxes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements/ requirements/
RUN pip install -r requirements/base.txt -c requirements/constraints.txt

COPY . .

# Static files are collected at build time (WhiteNoise serves them with a hashed manifest).
# The secret and hosts here are throwaway values that exist only for this step.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v0

# Run as an unprivileged user. The code stays root-owned (read-only to the app). Only
# var/ is writable, for the beat schedule file.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir -p /app/var \
    && chown app:app /app/var
USER app

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
