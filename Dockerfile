# syntax=docker/dockerfile:1

# GOV.UK Frontend is compiled from npm with the service's own Sass settings; only the output
# reaches the runtime image.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci
COPY static/src static/src
RUN node static/src/build.mjs

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MEDIA_ROOT=/var/lib/swp/media

# WeasyPrint renders packs through Pango; Liberation gives PDFs Arial's metrics.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /var/lib/swp --uid 10001 swp \
    && install -d -o swp -g swp "$MEDIA_ROOT"

WORKDIR /app

# Dependencies get their own layer so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY . .
COPY --from=assets /build/static/dist static/dist

# Editable, because settings find templates/ and static/ beside the packages, here in /app.
# collectstatic imports settings, which refuse to load without a key and hosts; these are build-only.
RUN pip install --no-deps -e . \
    && SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input

USER swp
EXPOSE 8000
CMD ["gunicorn", "swp.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
